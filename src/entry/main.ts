/** Bundle entry of the main step (dist/main): runs it; after a cancellation, exits without waiting. */
import { run } from '../main.js';

// A cancelled run has already torn down: exit without waiting for work that ignored the signal.
if ((await run()) === 'cancelled') process.exit();
