/** Bundle entry of the post step (dist/post). */
import { run } from '../post.js';

await run();
