// A stand-in for Tencent Cloud SMS (SendSms, API 2021-01-11) on a loopback port, for `npm run demo -- --tencent`:
// it checks each request as the real API does (TC3-HMAC-SHA256 signature, credential scope, a timestamp within five
// minutes, the body's fields), answers Ok for every number, and appends what it received to a log file, one JSON
// line a request. Never a gateway: nothing leaves the machine.
//
//   node scripts/tencent-standin.mjs SECRET_ID SECRET_KEY LOG_FILE   → prints "listening PORT", runs until killed
import { createHash, createHmac, randomUUID } from "node:crypto";
import { appendFileSync } from "node:fs";
import { createServer } from "node:http";

const [secretId, secretKey, logFile] = process.argv.slice(2);
if (!secretId || !secretKey || !logFile) {
  console.error("usage: node scripts/tencent-standin.mjs SECRET_ID SECRET_KEY LOG_FILE");
  process.exit(1);
}

const sha256 = (text) => createHash("sha256").update(text, "utf8").digest("hex");
const hmac = (key, text) => createHmac("sha256", key).update(text, "utf8").digest();

// The signature the request should carry, from its own signed headers and body (the API's documented algorithm).
function expectedSignature(request, body, timestamp, date, signedHeaders) {
  const headers = signedHeaders.split(";")
    .map((name) => `${name}:${String(request.headers[name] ?? "").trim().toLowerCase()}\n`).join("");
  const canonical = ["POST", "/", "", headers, signedHeaders, sha256(body)].join("\n");
  const scope = `${date}/sms/tc3_request`;
  const toSign = ["TC3-HMAC-SHA256", timestamp, scope, sha256(canonical)].join("\n");
  const key = hmac(hmac(hmac(`TC3${secretKey}`, date), "sms"), "tc3_request");
  return createHmac("sha256", key).update(toSign, "utf8").digest("hex");
}

// Why the request would be refused, as the API's error code; null when it is fine.
function refusal(request, body) {
  const auth = /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/sms\/tc3_request, SignedHeaders=([a-z;-]+), Signature=([0-9a-f]{64})$/
    .exec(request.headers.authorization ?? "");
  const timestamp = request.headers["x-tc-timestamp"] ?? "";
  if (!auth || !auth[3].split(";").includes("content-type") || !auth[3].split(";").includes("host")) return "AuthFailure.SignatureFailure";
  if (auth[1] !== secretId) return "AuthFailure.SecretIdNotFound";
  const seconds = Number(timestamp);
  if (!Number.isInteger(seconds) || Math.abs(Date.now() / 1000 - seconds) > 300) return "AuthFailure.SignatureExpire";
  if (new Date(seconds * 1000).toISOString().slice(0, 10) !== auth[2]) return "AuthFailure.SignatureFailure";
  if (expectedSignature(request, body, timestamp, auth[2], auth[3]) !== auth[4]) return "AuthFailure.SignatureFailure";
  if (request.headers["x-tc-action"] !== "SendSms" || request.headers["x-tc-version"] !== "2021-01-11") return "InvalidAction";
  return null;
}

const server = createServer((request, response) => {
  const chunks = [];
  request.on("data", (chunk) => chunks.push(chunk));
  request.on("end", () => {
    const body = Buffer.concat(chunks).toString("utf8");
    const requestId = randomUUID();
    let answer;
    let sms = null;
    try {
      sms = JSON.parse(body);
    } catch {
      // refused below
    }
    const error = refusal(request, body)
      ?? (sms && Array.isArray(sms.PhoneNumberSet) && sms.PhoneNumberSet.every((p) => /^\+\d{6,15}$/.test(p))
        && /^\d+$/.test(sms.SmsSdkAppId ?? "") && sms.SignName && sms.TemplateId && Array.isArray(sms.TemplateParamSet)
        ? null : "InvalidParameterValue");
    if (error) {
      answer = { Response: { Error: { Code: error, Message: `stand-in: ${error}` }, RequestId: requestId } };
    } else {
      answer = {
        Response: {
          SendStatusSet: sms.PhoneNumberSet.map((phone) => ({
            SerialNo: randomUUID(), PhoneNumber: phone, Fee: 1, SessionContext: sms.SessionContext ?? "",
            Code: "Ok", Message: "send success", IsoCode: "CN",
          })),
          RequestId: requestId,
        },
      };
    }
    appendFileSync(logFile, JSON.stringify({
      error, phones: sms?.PhoneNumberSet, sign: sms?.SignName, templateId: sms?.TemplateId, params: sms?.TemplateParamSet,
    }) + "\n");
    response.writeHead(200, { "content-type": "application/json" });
    response.end(JSON.stringify(answer));
  });
});

server.listen(0, "127.0.0.1", () => console.log(`listening ${server.address().port}`));
