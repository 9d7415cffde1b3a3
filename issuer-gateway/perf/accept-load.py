"""Keep-alive load driver for POST /api/v1/credentials (or /batch): COUNT requests from CLIENTS threads."""
import http.client, json, sys, threading, time, uuid, collections
host, port, api_key, connection, count, clients, per_request, size = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], int(sys.argv[5]), int(sys.argv[6]), int(sys.argv[7]), int(sys.argv[8])
def document(i):
    prefix = '{"@context":["https://www.w3.org/ns/credentials/v2"],"type":["VerifiableCredential","BenchCredential"],"credentialSubject":{"seq":%d,"claim":"' % i
    return prefix + ("A" * max(0, size - len(prefix) - 3)) + '"}}'
statuses = collections.Counter(); lock = threading.Lock(); next_i = [0]
def worker():
    conn = http.client.HTTPConnection(host, port)
    while True:
        with lock:
            i = next_i[0]; next_i[0] += 1
        if i >= count: break
        if per_request == 1:
            path, body = "/api/v1/credentials", '{"connectionId":"%s","credential":%s}' % (connection, document(i))
        else:
            path = "/api/v1/credentials/batch"
            body = '{"items":[' + ",".join('{"connectionId":"%s","credential":%s}' % (connection, document(i * per_request + j)) for j in range(per_request)) + ']}'
        conn.request("POST", path, body=body, headers={"X-Api-Key": api_key, "Idempotency-Key": str(uuid.uuid4()), "Content-Type": "application/json"})
        r = conn.getresponse(); r.read()
        with lock: statuses[r.status] += 1
t0 = time.time(); threads = [threading.Thread(target=worker) for _ in range(clients)]
[t.start() for t in threads]; [t.join() for t in threads]
print("requests %d in %.1f s, statuses %s" % (count, time.time() - t0, dict(statuses)))
