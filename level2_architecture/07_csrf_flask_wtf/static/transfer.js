// Send the second form as JSON. The CSRF token comes from the <meta> tag and goes in a header.
const token = document.querySelector('meta[name="csrf-token"]').content;

document.querySelector("#api-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const data = new FormData(event.target);
  const response = await fetch("/api/transfers", {
    method: "POST",
    headers: { "Content-Type": "application/json", "X-CSRFToken": token },
    body: JSON.stringify({ to: data.get("to"), amount: Number(data.get("amount")) }),
  });
  const body = await response.json();
  document.querySelector("#api-result").textContent = `${response.status} ${JSON.stringify(body)}`;
  if (response.ok) document.querySelector("#balance").textContent = body.balance;
});
