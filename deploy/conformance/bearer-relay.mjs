// The conformance CLI cannot authenticate (it sends no credentials), and every MCP endpoint of MCPS.ONE needs one:
// this relay listens on 127.0.0.1:<port> and passes each request unchanged (method, path, headers, body; Host and
// Origin too, which the DNS-rebinding scenario is about) to the gateway with the bearer token added, streaming the
// answer back. Usage: MCPS_TOKEN=... node bearer-relay.mjs <listen-port> <gateway-url>; prints "listening" when ready.
import http from "node:http";

const [port, target] = [Number(process.argv[2]), new URL(process.argv[3])];
const token = process.env.MCPS_TOKEN;
if (!port || !token) {
  console.error("usage: MCPS_TOKEN=... node bearer-relay.mjs <listen-port> <gateway-url>");
  process.exit(2);
}

http.createServer((req, res) => {
  const headers = { ...req.headers, authorization: `Bearer ${token}` };
  const upstream = http.request({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers },
    (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
  upstream.on("error", (e) => {
    if (!res.headersSent) {
      res.writeHead(502, { "content-type": "text/plain" });
    }
    res.end(String(e));
  });
  req.pipe(upstream);
  res.on("close", () => upstream.destroy());
}).listen(port, "127.0.0.1", () => console.log("listening"));
