// The README's two commands: `npm run demo` and `npm test`.
// Both install Azurite from package.json when it is missing; `demo` also starts Azurite in memory on free
// loopback ports, runs the CLI's demo against it and stops it. The tests start their own Azurite.
import { spawn, spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
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

async function startAzurite() {
  const [blob, queue, table] = [await freePort(), await freePort(), await freePort()];
  const child = spawn(process.execPath, [azuriteMain,
    "--inMemoryPersistence", "--silent", "--skipApiVersionCheck", "--disableProductStyleUrl", "--loose",
    "--blobHost", "127.0.0.1", "--blobPort", `${blob}`,
    "--queueHost", "127.0.0.1", "--queuePort", `${queue}`,
    "--tableHost", "127.0.0.1", "--tablePort", `${table}`], { cwd: root, stdio: "ignore" });
  await waitForPort(table, 30000);
  const account = "devstoreaccount1";
  const key = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
  const connectionString = `DefaultEndpointsProtocol=http;AccountName=${account};AccountKey=${key};`
    + `BlobEndpoint=http://127.0.0.1:${blob}/${account};QueueEndpoint=http://127.0.0.1:${queue}/${account};`
    + `TableEndpoint=http://127.0.0.1:${table}/${account};`;
  return { child, connectionString };
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

const [task, ...rest] = process.argv.slice(2);
ensureAzurite();
if (task === "demo") {
  const { child, connectionString } = await startAzurite();
  let code;
  try {
    code = run("dotnet", ["run", "--project", "src/Outreach.Cli", "--", "demo", ...rest],
      { ...process.env, OUTREACH_STORAGE: connectionString });
  } finally {
    child.kill();
  }
  process.exit(code);
} else if (task === "test") {
  process.exit(await test(rest));
} else {
  console.error("usage: node scripts/dev.mjs demo|test [args]");
  process.exit(1);
}
