'use strict';

// Relative paths: the page keeps working behind an ingress that serves the app under a prefix.
const REFRESH_MILLIS = 2000;
const MAX_MESSAGES = 50;
const REPORT = 'daily';

const $ = (id) => document.getElementById(id);

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) {
    node.className = className;
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

async function getJson(path, options) {
  const response = await fetch(path, { headers: { Accept: 'application/json' }, ...options });
  if (!response.ok) {
    throw new Error(`${path} answered HTTP ${response.status}`);
  }
  return response.json();
}

function showCluster(cluster) {
  $('cluster-name').textContent = cluster.clusterName;
  $('node-name').textContent = cluster.local.name;
  document.title = `${cluster.local.name} · ${cluster.clusterName}`;
  $('member-count').textContent = (cluster.size < cluster.expectedMembers)
    ? `(${cluster.size}, ${cluster.expectedMembers} expected)` : `(${cluster.size})`;
  $('members').replaceChildren(...cluster.members.map((member) => {
    const item = element('li');
    item.append(element('span', 'member-name', member.name ?? member.uuid));
    if (member.oldest) {
      item.append(element('span', 'badge', 'oldest'));
    }
    if (member.local) {
      item.append(element('span', 'badge live', 'this pod'));
    }
    item.append(element('span', 'address', member.address));
    return item;
  }));
}

function showCounter(counter) {
  $('counter').textContent = counter.value;
}

function showSingleton(singleton) {
  $('singleton-last-run-by').textContent = singleton.lastRunBy ?? 'nobody yet';
  $('singleton-runs').textContent = singleton.runs;
  $('singleton-here').textContent = singleton.runningHere ? 'It runs on this pod.' : 'It runs on another pod.';
}

function showSession(session) {
  $('session-created-on').textContent = session.createdOn;
  $('session-requests').textContent = session.requests;
  $('session-served-by').textContent = session.servedBy;
}

function showReport(report, reports) {
  $('report-computed-by').textContent = report.computedBy;
  $('report-computed-at').textContent = new Date(report.computedAt).toLocaleTimeString();
  $('report-computations').textContent = reports.computations;
}

function showProblem(problem) {
  $('problem').hidden = !problem;
  $('problem').textContent = problem ? `Cannot refresh: ${problem.message}` : '';
}

async function refresh() {
  try {
    const [cluster, counter, singleton, session, report, reports] = await Promise.all(
      [getJson('actuator/cluster'), getJson('counter'), getJson('singleton'), getJson('session'),
        getJson(`reports/${REPORT}`), getJson('reports')]);
    showCluster(cluster);
    showCounter(counter);
    showSingleton(singleton);
    showSession(session);
    showReport(report, reports);
    showProblem(null);
    $('updated').textContent = new Date().toLocaleTimeString();
  }
  catch (problem) {
    showProblem(problem);
  }
}

function showMessage(message) {
  const item = element('li');
  const sent = element('p', 'sent');
  sent.append(element('span', 'time', new Date(message.sentAt).toLocaleTimeString()), ' from ',
    element('span', 'from', message.from));
  item.append(sent, element('p', 'text', message.text));
  const list = $('messages');
  list.prepend(item);
  while (list.children.length > MAX_MESSAGES) {
    list.lastElementChild.remove();
  }
}

function followMessages() {
  // EventSource reconnects by itself and sends Last-Event-ID: the server resumes after the last message shown.
  const stream = new EventSource('messages/stream');
  const state = $('stream-state');
  stream.onopen = () => {
    state.textContent = 'live';
    state.className = 'badge live';
  };
  stream.onerror = () => {
    state.textContent = 'reconnecting';
    state.className = 'badge down';
  };
  stream.onmessage = (event) => showMessage(JSON.parse(event.data));
}

$('increment').addEventListener('click', async () => {
  try {
    // A JSON content type, which no plain HTML form on another site can send.
    showCounter(await getJson('counter', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: '{}',
    }));
  }
  catch (problem) {
    showProblem(problem);
  }
});

$('send').addEventListener('submit', async (event) => {
  event.preventDefault();
  const input = $('text');
  if (!input.value.trim()) {
    return;
  }
  try {
    await getJson('messages', {
      method: 'POST',
      headers: { Accept: 'application/json', 'Content-Type': 'application/json' },
      body: JSON.stringify({ text: input.value }),
    });
    input.value = '';
  }
  catch (problem) {
    showProblem(problem);
  }
});

followMessages();
refresh();
setInterval(refresh, REFRESH_MILLIS);
