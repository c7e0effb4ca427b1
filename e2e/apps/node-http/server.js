// Answers every request with the Node.js version it runs on.
const http = require('node:http');

http
  .createServer((req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/plain' });
    res.end(process.version);
  })
  .listen(Number(process.env.PORT || 8080));
