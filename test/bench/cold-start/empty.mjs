// An empty ESM process: the baseline every fresh-process figure is taken over.
console.log(JSON.stringify({ ms: performance.now(), sinceScript: 0, rss: process.memoryUsage().rss, cpu: (process.cpuUsage().user + process.cpuUsage().system) / 1000 }));
