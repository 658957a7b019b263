/**
 * `npm run bench:polling`: B2 (carrier economy) on its own, with the same report as `npm run bench`
 * under bench/results/polling-<stamp>.{json,md}. The benchmark itself is bench/b2-carrier-economy.ts.
 */
import { main } from './lib/run-benchmarks';

main([{ id: 'B2', file: 'b2-carrier-economy' }], 'polling');
