// The executable: `node lib/entry.js ...`, and the entry of the single-file bundle.
import { main } from './cli';

main(process.argv);
