// Keeps the dashboard's model current: WebSocket snapshot + deltas, or polling /api/status when the socket fails.

import { send, token } from './api.js';

const POLL_MS = 30000;

/**
 * Connects and calls onSnapshot(status) / onDelta(delta); onConnection(live: boolean) reports the socket's state.
 * Each delta's seq is one more than the message before it: a skipped number means a missed change, so the page
 * connects again for a new snapshot.
 */
export function follow({ onSnapshot, onDelta, onConnection }) {
  let poller = null;

  const poll = async () => {
    try {
      const response = await send('', 'api/status');
      onSnapshot(await response.json());
    } catch (e) {
      // the service itself is unreachable; the banner already says updates are not live
    }
  };

  let socket = null;
  const connect = () => {
    const scheme = location.protocol === 'https:' ? 'wss:' : 'ws:';
    socket = new WebSocket(`${scheme}//${location.host}/ws/status`, protocols());
    socket.onopen = () => {
      clearInterval(poller);
      poller = null;
      onConnection(true);
    };
    let next = null;
    socket.onmessage = (event) => {
      const message = JSON.parse(event.data);
      if (message.type === 'snapshot') {
        next = message.seq + 1;
        onSnapshot(message);
      } else if (message.seq === next) {
        next += 1;
        onDelta(message);
      } else {
        socket.onclose = null;
        socket.close();
        connect();
      }
    };
    socket.onclose = () => {
      onConnection(false);
      if (!poller) {
        poll();
        poller = setInterval(() => { poll(); connect(); }, POLL_MS);
      }
    };
  };
  connect();
  // a token entered or cleared changes what the socket may show: connect again with it
  window.addEventListener('fleet-token', () => {
    socket.onclose = null;
    socket.close();
    connect();
  });
}

/**
 * A browser cannot set headers on a WebSocket: the token travels as a sub-protocol that the service turns into the
 * upgrade request's Authorization header (never the URL, which access logs keep). Without one the socket gets the
 * public view.
 */
function protocols() {
  return token()
    ? ['bearer-token-carrier', encodeURIComponent(`quarkus-http-upgrade#Authorization#Bearer ${token()}`)]
    : [];
}
