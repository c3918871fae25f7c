#!/usr/bin/env node
// The CLI ships compiled: `npm install` builds dist/ (prepare script).
const cli = await import('../dist/src/cli/rmqcloud.js').catch((e) => {
  console.error(`rmqcloud: the build is missing (${e.message}); run \`npm run build\` first.`);
  process.exit(2);
});
process.exitCode = await cli.run(process.argv.slice(2));
