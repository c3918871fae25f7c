// The worker-only entry point: `npm run start:worker` (same as PROCESS_ROLE=worker npm start).
process.env.PROCESS_ROLE = 'worker';
await import('./main.js');
