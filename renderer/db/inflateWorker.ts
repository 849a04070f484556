/**
 * The worker behind renderer/db/inflate.ts: decompresses the gzip members it is sent, in order,
 * and posts each one back as soon as it is done (its buffer transferred, not copied), so the
 * page parses one member while the next is being inflated here, on the other core.
 */
import { answerInflateRequest, type InflateReply, type InflateRequest } from './inflate';

const scope = self as unknown as { onmessage: ((e: MessageEvent<InflateRequest>) => void) | null; postMessage(message: InflateReply, transfer: Transferable[]): void };

scope.onmessage = (e) => void answerInflateRequest(e.data, (reply, transfer) => scope.postMessage(reply, transfer));
