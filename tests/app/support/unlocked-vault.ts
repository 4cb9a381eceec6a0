import { setDataKey } from '../../../src/app/vault/data-key';
import { importDataKey, randomBytes } from '../../../src/app/vault/vault-crypto';

/**
 * The app's tests run as a signed-in, unlocked device: a data key in memory, as after a login (vault.ts). The
 * tests of the lock itself set it to null.
 */
setDataKey(await importDataKey(randomBytes(32)));
