// The README's two commands, `npm run demo` and `npm test`, and `npm start`.
// All install Azurite from package.json when it is missing. `demo` and `start` share the local storage in
// .azurite/ (Azurite on disk, on its default ports when they are free): `demo` imports the samples, plans and
// prints links; `start` runs the Functions app against the same storage, so those links open. The tests start
// their own Azurite, in memory.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const azuriteMain = join(root, "node_modules", "azurite", "dist", "src", "azurite.js");
const isWindows = process.platform === "win32";

function run(command, args, env = process.env) {
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env, shell: isWindows });
  if (result.error) {
    console.error(`Could not run ${command}: ${result.error.message}`);
    return 2;
  }
  return result.status ?? 1;
}

function ensureAzurite() {
  if (existsSync(azuriteMain)) return;
  console.log("Installing Azurite from package.json (npm ci)...");
  const code = run("npm", ["ci", "--no-audit", "--no-fund"]);
  if (code !== 0 || !existsSync(azuriteMain)) {
    console.error("npm ci failed: Azurite is needed for the demo and the tests.");
    process.exit(2);
  }
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => { socket.end(); resolve(); });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`Azurite did not listen on ${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

const account = "devstoreaccount1";
// The storage emulator's well-known development key: not a secret.
const accountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const location = join(root, ".azurite");
const endpointFile = join(location, "endpoint.json");

function isRunning(pid) {
  try { process.kill(pid, 0); return true; } catch { return false; }
}

async function portIsFree(port) {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

// Azurite on disk in .azurite/, on the default ports (10000-10002, what UseDevelopmentStorage=true and the CLI's
// default reach) when they are free. An Azurite that `npm start` (or a demo) already runs there is reused:
// two emulators writing one folder would corrupt it.
async function startAzurite() {
  if (existsSync(endpointFile)) {
    const running = JSON.parse(readFileSync(endpointFile, "utf8"));
    if (isRunning(running.pid)) return { child: null, connectionString: running.connectionString };
  }
  const defaults = [10000, 10001, 10002];
  const free = (await Promise.all(defaults.map(portIsFree))).every(Boolean);
  const [blob, queue, table] = free ? defaults : [await freePort(), await freePort(), await freePort()];
  mkdirSync(location, { recursive: true });
  const child = spawn(process.execPath, [azuriteMain,
    "--location", location, "--silent", "--skipApiVersionCheck", "--disableProductStyleUrl", "--loose",
    "--blobHost", "127.0.0.1", "--blobPort", `${blob}`,
    "--queueHost", "127.0.0.1", "--queuePort", `${queue}`,
    "--tableHost", "127.0.0.1", "--tablePort", `${table}`], { cwd: root, stdio: "ignore" });
  await waitForPort(table, 30000);
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${accountKey};`
    + `BlobEndpoint=http://127.0.0.1:${blob}/${account};QueueEndpoint=http://127.0.0.1:${queue}/${account};`
    + `TableEndpoint=http://127.0.0.1:${table}/${account};`;
  writeFileSync(endpointFile, JSON.stringify({ pid: child.pid, connectionString }));
  return { child, connectionString };
}

// Azurite's graceful stop can take two minutes on disk (its blob garbage collector finishes a sleep first), and an
// Azurite left running would meet the next one on the same folder. Its databases save themselves every 5 s, so ask
// it to stop, give it 8 s to have saved everything, then end it.
async function stopAzurite(azurite) {
  if (!azurite.child) return;
  const exited = new Promise((resolve) => azurite.child.once("exit", resolve));
  azurite.child.kill("SIGTERM");
  const timer = setTimeout(() => azurite.child.kill("SIGKILL"), 8000);
  await exited;
  clearTimeout(timer);
  rmSync(endpointFile, { force: true });
}

function has(command) {
  return spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
}

// The HTML report's test opens the page in headless Chromium from Debian (driven by Microsoft.Playwright), with
// Noto CJK so its screenshot shows Chinese rather than boxes. Installed here when missing and we may (root with
// apt-get, as on CI); otherwise the browser half of the test is skipped, and says so.
function ensureChromium() {
  const cjk = () => spawnSync("sh", ["-c", "fc-list :lang=zh | grep -q ."], { stdio: "ignore" }).status === 0;
  if (has("chromium") && cjk()) return true;
  if (process.platform === "linux" && process.getuid?.() === 0 && has("apt-get")) {
    console.log("Installing Chromium and Noto CJK fonts from Debian for the HTML report test (apt-get)...");
    run("apt-get", ["update", "-qq"]);
    run("apt-get", ["install", "-y", "-qq", "chromium", "fonts-noto-cjk"]);
    return has("chromium");
  }
  if (has("chromium")) {
    console.warn("No CJK font: the HTML report's screenshot will show boxes for Chinese (apt-get install fonts-noto-cjk).");
    return true;
  }
  console.warn("Chromium is not installed: the HTML report test checks the file but cannot open it (apt-get install chromium fonts-noto-cjk).");
  return false;
}

// dotnet test prints one "Passed!/Failed!" line per test assembly; add them up into one closing line.
function test(args) {
  const env = ensureChromium() ? { ...process.env, OUTREACH_REQUIRE_CHROMIUM: "1" } : process.env;
  return new Promise((resolve) => {
    const child = spawn("dotnet", ["test", "Outreach.sln", ...args], { cwd: root, shell: isWindows, env });
    let passed = 0, failed = 0, skipped = 0, assemblies = 0, pending = "";
    const scan = (line) => {
      const m = /(Passed|Failed)!\s+-\s+Failed:\s+(\d+),\s+Passed:\s+(\d+),\s+Skipped:\s+(\d+)/.exec(line);
      if (m) { failed += +m[2]; passed += +m[3]; skipped += +m[4]; assemblies++; }
    };
    const relay = (stream, sink) => stream.on("data", (chunk) => {
      sink.write(chunk);
      const lines = (pending + chunk.toString()).split("\n");
      pending = lines.pop();
      lines.forEach(scan);
    });
    relay(child.stdout, process.stdout);
    relay(child.stderr, process.stderr);
    child.on("error", (error) => { console.error(`Could not run dotnet: ${error.message}`); resolve(2); });
    child.on("close", (code) => {
      scan(pending);
      console.log(`\n${assemblies} test assemblies`);
      console.log(`${passed} passed, ${failed} failed, ${skipped} skipped`);
      resolve(code === 0 && assemblies === 0 ? 1 : code ?? 1);
    });
  });
}

// The Functions host to run the app under: Core Tools' `func` where installed, else the upstream host that
// ../shared/tools/functions-host/func-host starts (Core Tools cannot be installed on every machine).
function findHost() {
  if (has("func")) return { kind: "func" };
  for (let dir = root; ; dir = dirname(dir)) {
    const tool = join(dir, "shared", "tools", "functions-host", "func-host");
    if (existsSync(tool)) return { kind: "func-host", tool };
    if (dirname(dir) === dir) return null;
  }
}

async function start(rest) {
  const port = Number(process.env.PORT ?? 7071);
  const host = findHost();
  if (!host) {
    console.error("No Functions host: install Azure Functions Core Tools (func), or run where ../shared/tools/functions-host exists.");
    return 2;
  }
  if (!(await portIsFree(port))) {
    console.error(`Port ${port} is taken: stop what runs there, or set PORT.`);
    return 2;
  }
  const azurite = await startAzurite();
  const env = { ...process.env, AzureWebJobsStorage: azurite.connectionString, FUNCTIONS_WORKER_RUNTIME: "dotnet-isolated",
    ReminderOptions__LinkBaseUrl: process.env.ReminderOptions__LinkBaseUrl ?? `http://localhost:${port}/v/` };
  const project = join(root, "src", "Outreach.Functions");
  const settings = join(project, "local.settings.json.example");
  let child, stop;
  if (host.kind === "func") {
    // Core Tools builds the project and reads local.settings.json; the environment above takes precedence.
    if (!existsSync(join(project, "local.settings.json"))) writeFileSync(join(project, "local.settings.json"), readFileSync(settings));
    child = spawn("func", ["start", "--port", `${port}`, ...rest], { cwd: project, stdio: "inherit", env, shell: isWindows });
    stop = () => child.kill("SIGINT");
  } else {
    if (run("dotnet", ["build", "src/Outreach.Functions", "-c", "Debug", "--nologo", "-v", "q", "-clp:ErrorsOnly"]) !== 0) {
      await stopAzurite(azurite);
      return 1;
    }
    const started = spawnSync(host.tool, ["start", join(project, "bin", "Debug", "net10.0"), "--port", `${port}`, "--settings", settings],
      { cwd: root, env, encoding: "utf8" });
    process.stderr.write(started.stderr ?? "");
    if (started.status !== 0) {
      await stopAzurite(azurite);
      return 1;
    }
    const info = Object.fromEntries(started.stdout.trim().split("\n").map((line) => line.split(/=(.*)/s).slice(0, 2)));
    console.log(`The Functions app runs under the Functions host at http://localhost:${port} (log: ${info.log}).`);
    console.log(`Function key: ${info.functionKey}   master key (admin endpoints, timers): ${info.masterKey}`);
    child = spawn("tail", ["-n", "0", "-f", info.log], { stdio: "inherit" });
    stop = () => { spawnSync(host.tool, ["stop", info.pid], { stdio: "inherit" }); child.kill(); };
  }
  console.log(`Storage: Azurite in .azurite/ (${azurite.child ? "started here" : "already running"}). Open a link the demo printed. Ctrl+C stops.`);
  return new Promise((resolve) => {
    let stopping = false;
    const shutdown = async () => {
      if (stopping) return;
      stopping = true;
      stop();
      await stopAzurite(azurite);
      resolve(0);
    };
    process.on("SIGINT", shutdown);
    process.on("SIGTERM", shutdown);
    child.on("exit", shutdown);
  });
}

const [task, ...rest] = process.argv.slice(2);
ensureAzurite();
if (task === "demo") {
  const azurite = await startAzurite();
  let code;
  try {
    code = run("dotnet", ["run", "--project", "src/Outreach.Cli", "--", "demo", ...rest],
      { ...process.env, OUTREACH_STORAGE: azurite.connectionString });
  } finally {
    await stopAzurite(azurite);
  }
  process.exit(code);
} else if (task === "start") {
  process.exit(await start(rest));
} else if (task === "test") {
  // The code must already read as `dotnet format` writes it (.editorconfig); the tests run either way, so one run
  // reports both.
  const format = run("dotnet", ["format", "Outreach.sln", "--verify-no-changes"]);
  if (format !== 0) console.error("\nThe formatting differs from .editorconfig (listed above): run `dotnet format Outreach.sln` and commit.");
  const tests = await test(rest);
  process.exit(format !== 0 ? format : tests);
} else {
  console.error("usage: node scripts/dev.mjs demo|start|test [args]");
  process.exit(1);
}
