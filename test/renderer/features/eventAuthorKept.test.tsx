// @vitest-environment jsdom
/**
 * History says where a team's change was made (`ada · on Hall B scanner`, renderer/eventAuthor.ts).
 * The names come from the team's folder or server; after sync stopped (the folder lost, the
 * server gone) they are no longer there, and history must still say them, from the names kept.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { db } from '../../../renderer/db/db';
import { useEventAuthor } from '../../../renderer/eventAuthor';
import { render, type Rendered } from './render';

let shown: Rendered | null = null;
afterEach(async () => {
  await shown?.unmount();
  shown = null;
  await db.setSetting('deviceNames', {});
});

const HALL = 'bbbbbbbb-0000-4000-8000-000000000000';

function Author({ id }: { id: string }) {
  const author = useEventAuthor();
  return <p>{author({ id, actor: 'ada' })}</p>;
}

describe('who made a change, once sync stopped', () => {
  it('names the device as the team last named it', async () => {
    await db.setSetting('deviceNames', { [HALL]: 'Hall B scanner' });
    shown = await render(<Author id={`${HALL}:7`} />);
    expect(shown.text()).toBe('ada · on Hall B scanner');
  });

  it('says only who, for a device never named', async () => {
    shown = await render(<Author id="cccccccc-0000-4000-8000-000000000000:3" />);
    expect(shown.text()).toBe('ada');
  });
});
