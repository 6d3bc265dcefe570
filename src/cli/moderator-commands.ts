import type { Config } from '../config.js';
import type { Db } from '../db/connection.js';
import { moderatorStore } from '../db/moderators.js';
import { WeakPasswordError } from '../domain/passwords.js';
import { addModerator, changePassword, ModeratorExistsError, NoSuchModeratorError } from '../services/moderator-auth.js';
import { UsageError, writeOut } from './io.js';
import { readPassword } from './password.js';

export async function moderatorCommand(config: Config, db: Db, command: string | undefined, args: string[]): Promise<number> {
  const moderators = moderatorStore(db);
  const deps = { moderators, config };
  const username = args[0];
  if (command === 'list') {
    for (const m of moderators.list()) await writeOut(`${m.username}\tcreated ${m.createdAt}\n`);
    return 0;
  }
  if (!username) throw new UsageError(`moderator ${command ?? ''} needs a USERNAME`);
  try {
    if (command === 'add') {
      await addModerator(deps, username, await readPassword(`Password for ${username} (at least 12 characters): `), new Date());
      console.error(`Moderator ${username} added. Sign in at /moderation/login.`);
      return 0;
    }
    if (command === 'passwd') {
      await changePassword(deps, username, await readPassword(`New password for ${username}: `));
      console.error(`Password for ${username} changed.`);
      return 0;
    }
    if (command === 'remove') {
      if (!moderators.remove(username)) throw new NoSuchModeratorError(`There is no moderator called ${username}.`);
      console.error(`Moderator ${username} removed; their sessions are ended. Their past actions stay in the log.`);
      return 0;
    }
  } catch (error) {
    if (error instanceof WeakPasswordError || error instanceof ModeratorExistsError || error instanceof NoSuchModeratorError) {
      console.error(error.message);
      return 1;
    }
    throw error;
  }
  throw new UsageError(`Unknown command: moderator ${command ?? ''}`);
}
