// The layout engine's own thread: elkjs's worker script answers the engine worker's layout
// requests (it installs its message handler when it loads in a worker). Its first layout, slow
// while the layout engine warms up, then runs beside the first parse instead of before it, and
// the engine worker loads without the layout engine's code.
import 'elkjs/lib/elk-worker.min.js';
