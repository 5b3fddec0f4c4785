/** Starts the Express app on $PORT (HOST defaults to all interfaces; use 127.0.0.1 locally). */
import { app } from './app.js';

const port = Number(process.env.PORT ?? 3000);
app.listen(port, process.env.HOST ?? '0.0.0.0', () => console.log(`listening on ${port}`));
