// Stands in for the service's own website in the embedding tests: adds the two lines the README
// tells a host page to add, pointing at the app given as ?app=, and records every message the
// page receives so the test can check who was told what.
window.__messages = [];
addEventListener('message', function (event) {
  window.__messages.push({ origin: event.origin, data: event.data });
});
addEventListener('DOMContentLoaded', function () {
  var app = new URLSearchParams(location.search).get('app');
  var script = document.createElement('script');
  script.src = app + '/embed.js';
  script.async = true;
  document.head.appendChild(script);
  var frame = document.createElement('iframe');
  frame.src = app + '/';
  frame.title = 'Advocacy in West Kent';
  document.body.appendChild(frame);
});
