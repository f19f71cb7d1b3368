// Served from /static/js/app.js: proves in the browser that the script was loaded.
const status = document.getElementById("js-status");
status.textContent = "JavaScript is loaded.";
status.classList.add("ok");
