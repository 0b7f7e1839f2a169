/**
 * Size limits of what is read, in a module of its own: the CLI entry needs the stdin limit
 * before it loads anything else.
 */

/** Files (and stdin) larger than this are refused rather than read into memory. */
export const MAX_FILE_BYTES = 256 * 1024 * 1024;
