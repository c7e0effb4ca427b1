// Answers with a line from its `file:` dependency, proving `npm ci` installed it.
const http = require('node:http');
const greeting = require('greeting');

http
  .createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(`${greeting('lockfile app')} on ${process.version}`);
  })
  .listen(Number(process.env.PORT || 8080));
