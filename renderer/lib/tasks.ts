/**
 * Lets the tasks waiting on the page run (a worker's answers, a render, a paint): a message to
 * itself, which, unlike a timer, is not delayed. Work that resolves only promises never lets
 * them in.
 */
export function yieldToTasks(): Promise<void> {
  const channel = new MessageChannel();
  return new Promise((resolve) => {
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}
