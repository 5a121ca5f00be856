// A receiver that accepts only deliveries signed with the webhook's secret, each event once.
// WEBHOOK_SECRET=whsec_… PORT=8000 node verify-delivery.mjs   (npm install standardwebhooks)
import { createServer } from "node:http";
import { Webhook } from "standardwebhooks";

const webhook = new Webhook(process.env.WEBHOOK_SECRET);
const handled = new Set(); // webhook-id of events handled: keep it in your database

const server = createServer((req, res) => {
  const chunks = [];
  req.on("data", (chunk) => chunks.push(chunk));
  req.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8"); // the raw bytes: verify before parsing
    try {
      webhook.verify(body, req.headers); // signature (old and new during a rotation), and not older than 5 min
    } catch {
      res.writeHead(401).end();
      return;
    }
    const id = req.headers["webhook-id"]; // the event's uuid: the same on every retry and resend
    if (!handled.has(id)) {
      handled.add(id);
      console.log(`event ${id}: ${body}`);
    }
    res.writeHead(204).end();
  });
});
server.listen(Number(process.env.PORT ?? 8000), () => console.log(`listening on port ${server.address().port}`));
