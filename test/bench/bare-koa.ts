/** The HTTP ceiling: a bare Koa 3 route returning JSON, in its own process. Prints "READY <port>". */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import Koa from 'koa';

const app = new Koa();
const payload = { data: { id: 1, title: '奉化水蜜桃 · 五常新米 邻里团', status: 'open', secondsLeft: 3600 } };
app.use((ctx) => { ctx.body = payload; });
const server = http.createServer(app.callback());
server.listen(0, '127.0.0.1', () => process.stdout.write(`READY ${(server.address() as AddressInfo).port}\n`));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
