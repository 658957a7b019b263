import { DefaultFailureConverter } from '@temporalio/common';

/**
 * Failure messages and stack traces go into an encoded attribute, so the payload codec encrypts
 * them too: an error that quotes an address would otherwise sit in the history in clear. Loaded by
 * path (see FAILURE_CONVERTER_PATH) by clients, workers and the workflow bundle, since workflow
 * code runs in Temporal's sandbox. Must import nothing the sandbox refuses.
 */
export const failureConverter = new DefaultFailureConverter({ encodeCommonAttributes: true });
