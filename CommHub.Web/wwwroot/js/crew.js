// The crew page's work on the phone, independent of the live connection: a draft kept across reloads, an outbox of
// messages posted over HTTP under a client-made id until the server has them (a retry of a stored one stores nothing),
// photos scaled down and uploaded one by one with progress and retries, and positions for sharing and check-ins.
// The thread itself is drawn by the server (live); this script only sends.

const clientHeader = { 'X-CommHub-Crew': '1' };

const locationErrors = {
    unsupported: 'This browser cannot share a location. Try another browser on your phone.',
    1: 'Location is blocked for CommHub. Allow location for this site in your browser\'s settings, then try again.',
    2: 'Your phone could not find its position (no GPS or network location). Check that location is switched on, or try again outside.',
    3: 'Finding your position took too long. Try again, ideally outside or near a window.',
};

function newId() {
    if (crypto.randomUUID) return crypto.randomUUID();
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map(x => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

function load(key, fallback) {
    try {
        const value = localStorage.getItem(key);
        return value === null ? fallback : JSON.parse(value);
    } catch {
        return fallback;
    }
}

function save(key, value) {
    try {
        if (value === null || (Array.isArray(value) && value.length === 0)) localStorage.removeItem(key);
        else localStorage.setItem(key, JSON.stringify(value));
    } catch {
        // Storage full or blocked (private mode): the page still sends, it just cannot keep things across a reload.
    }
}

async function problemOf(response) {
    try {
        const body = await response.json();
        return body.detail || body.title || null;
    } catch {
        return null;
    }
}

/** The photo scaled so its longest side is at most maxSide, as a JPEG; the file itself when that would not be smaller. */
export async function downscale(file, maxSide, quality) {
    if (!/^image\/(jpeg|png|webp|bmp)$/i.test(file.type)) return file;
    let bitmap;
    try {
        bitmap = await createImageBitmap(file, { imageOrientation: 'from-image' });
    } catch {
        return file; // A format this browser cannot draw (HEIC on many phones): sent as it is.
    }
    const scale = Math.min(1, maxSide / Math.max(bitmap.width, bitmap.height));
    const width = Math.max(1, Math.round(bitmap.width * scale));
    const height = Math.max(1, Math.round(bitmap.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    context.fillStyle = '#fff'; // JPEG has no transparency: a PNG's clear parts become white, not black.
    context.fillRect(0, 0, width, height);
    context.drawImage(bitmap, 0, 0, width, height);
    bitmap.close();
    const blob = await new Promise(resolve => canvas.toBlob(resolve, 'image/jpeg', quality));
    if (!blob || (scale === 1 && blob.size >= file.size)) return file;
    const name = file.name.replace(/\.[^.]*$/, '') + '.jpg';
    return new File([blob], name, { type: 'image/jpeg' });
}

// Photos waiting to be sent, kept in IndexedDB (localStorage cannot hold files) so a reload or a closed tab loses none.
const photoStore = {
    open() {
        this.db ??= new Promise((resolve, reject) => {
            const request = indexedDB.open('commhub-crew', 1);
            request.onupgradeneeded = () => request.result.createObjectStore('photos', { keyPath: 'id' });
            request.onsuccess = () => resolve(request.result);
            request.onerror = () => reject(request.error);
        });
        return this.db;
    },
    async run(mode, work) {
        const db = await this.open();
        return new Promise((resolve, reject) => {
            const transaction = db.transaction('photos', mode);
            const result = work(transaction.objectStore('photos'));
            transaction.oncomplete = () => resolve(result.result);
            transaction.onerror = () => reject(transaction.error);
        });
    },
    put(photo) {
        return this.run('readwrite', store => store.put(photo)).catch(() => { /* no IndexedDB (private mode): kept for this page only */ });
    },
    remove(id) {
        return this.run('readwrite', store => store.delete(id)).catch(() => { });
    },
    async list(owner) {
        try {
            const all = await this.run('readonly', store => store.getAll());
            return (all || []).filter(p => p.owner === owner);
        } catch {
            return [];
        }
    },
};

export function start(root, dotnet, config) {
    const $ = name => root.querySelector(`[data-crew=${name}]`);
    const input = $('input');
    const pending = $('pending');
    const notice = $('notice');
    const base = `/crew/api/projects/${config.projectId}`;
    const keys = {
        draft: `commhub.crew.${config.userKey}.${config.projectId}.draft`,
        outbox: `commhub.crew.${config.userKey}.${config.projectId}.outbox`,
        photos: `${config.userKey}.${config.projectId}`,
    };
    let outbox = load(keys.outbox, []);
    const uploads = [];
    let flushing = false;
    let messageDelay = config.firstRetryMs;
    let messageTimer = null;
    let lastTyping = 0;
    let disposed = false;

    function say(text, kind) {
        notice.textContent = text || '';
        notice.dataset.kind = text ? (kind || 'info') : '';
        notice.hidden = !text;
    }

    function render() {
        pending.replaceChildren();
        for (const item of outbox) {
            const row = document.createElement('div');
            row.className = 'crew-pending-item';
            row.dataset.testid = 'pending-message';
            row.dataset.state = navigator.onLine && !item.waiting ? 'sending' : 'waiting';
            const text = document.createElement('div');
            text.className = 'crew-pending-text';
            text.textContent = item.label;
            const state = document.createElement('div');
            state.className = 'crew-pending-state';
            state.textContent = row.dataset.state === 'sending'
                ? 'Sending…'
                : 'Not sent yet: waiting for a connection. It is sent by itself once you are back online.';
            row.append(text, state);
            pending.append(row);
        }
        for (const upload of uploads) {
            const row = document.createElement('div');
            row.className = 'crew-pending-item';
            row.dataset.testid = 'upload';
            row.dataset.state = upload.state;
            const name = document.createElement('div');
            name.className = 'crew-pending-text';
            name.textContent = `📷 ${upload.name}`;
            const bar = document.createElement('progress');
            bar.max = 1;
            bar.value = upload.progress;
            bar.dataset.testid = 'upload-progress';
            const state = document.createElement('div');
            state.className = 'crew-pending-state';
            state.textContent = {
                preparing: 'Preparing…',
                uploading: `Uploading… ${Math.round(upload.progress * 100)}%`,
                retrying: 'Connection lost: trying again…',
                failed: upload.error || 'Could not be sent.',
            }[upload.state] || '';
            row.append(name, bar, state);
            if (upload.state === 'failed') {
                const dismiss = document.createElement('button');
                dismiss.type = 'button';
                dismiss.textContent = 'Dismiss';
                dismiss.className = 'crew-link-button';
                dismiss.addEventListener('click', () => {
                    uploads.splice(uploads.indexOf(upload), 1);
                    render();
                });
                row.append(dismiss);
            }
            pending.append(row);
        }
    }

    // Messages: kept in storage from the moment they are sent until the server has them.
    function enqueue(body, label) {
        outbox.push({ body: { clientId: newId(), ...body }, label });
        save(keys.outbox, outbox);
        render();
        flush();
    }

    function later() {
        clearTimeout(messageTimer);
        messageTimer = setTimeout(flush, messageDelay);
        messageDelay = Math.min(messageDelay * 2, config.maxRetryMs);
    }

    async function flush() {
        if (flushing || disposed) return;
        flushing = true;
        try {
            while (outbox.length > 0 && !disposed) {
                const item = outbox[0];
                let response;
                try {
                    response = await fetch(`${base}/messages`, {
                        method: 'POST',
                        headers: { ...clientHeader, 'Content-Type': 'application/json' },
                        body: JSON.stringify(item.body),
                        credentials: 'same-origin',
                        redirect: 'manual',
                    });
                } catch {
                    item.waiting = true;
                    render();
                    later();
                    return;
                }
                if (response.type === 'opaqueredirect' || response.status === 401) {
                    item.waiting = true;
                    say('You were signed out. Sign in again; your unsent messages are kept on this phone.', 'error');
                    render();
                    later();
                    return;
                }
                if (response.status === 429 || response.status >= 500) {
                    item.waiting = true;
                    render();
                    later();
                    return;
                }
                if (!response.ok) {
                    // Refused for good (the project was archived, or you were taken off it): said, and not tried again.
                    say((await problemOf(response)) || 'The message could not be sent.', 'error');
                }
                outbox.shift();
                save(keys.outbox, outbox);
                messageDelay = config.firstRetryMs;
                render();
            }
        } finally {
            flushing = false;
        }
    }

    function send() {
        const text = input.value.trim();
        if (!text) {
            say('Write a message first.', 'error');
            return;
        }
        if (text.length > config.maxLength) {
            say(`Messages can be at most ${config.maxLength.toLocaleString()} characters; this one has ${text.length.toLocaleString()}.`, 'error');
            return;
        }
        say('');
        enqueue({ text }, text);
        input.value = '';
        save(keys.draft, null);
        input.focus();
    }

    // Photos: over HTTP with progress; a dropped connection is retried with the same id until the server has it.
    async function addFiles(files) {
        const original = $('original').checked;
        for (const file of files) {
            const upload = { id: newId(), name: file.name, state: 'preparing', progress: 0, attempts: 0, delay: config.firstRetryMs };
            uploads.push(upload);
            render();
            upload.file = original ? file : await downscale(file, config.maxSide, config.quality);
            upload.name = upload.file.name || file.name;
            await photoStore.put({ id: upload.id, owner: keys.photos, name: upload.name, type: upload.file.type, blob: upload.file });
            transmit(upload);
        }
    }

    function transmit(upload) {
        if (disposed) return;
        upload.state = 'uploading';
        upload.progress = 0;
        upload.attempts++;
        render();
        const request = new XMLHttpRequest();
        upload.request = request;
        request.open('POST', `${base}/files?clientId=${upload.id}&name=${encodeURIComponent(upload.name)}`);
        request.setRequestHeader('X-CommHub-Crew', '1');
        request.setRequestHeader('Content-Type', upload.file.type || 'application/octet-stream');
        request.upload.onprogress = e => {
            if (!e.lengthComputable) return;
            upload.progress = e.loaded / e.total;
            render();
        };
        const retry = () => {
            upload.state = 'retrying';
            render();
            upload.timer = setTimeout(() => transmit(upload), navigator.onLine ? upload.delay : config.maxRetryMs);
            upload.delay = Math.min(upload.delay * 2, config.maxRetryMs);
        };
        request.onerror = retry;
        request.ontimeout = retry;
        request.onload = () => {
            const json = (request.getResponseHeader('Content-Type') || '').includes('json');
            if (request.status >= 200 && request.status < 300 && json) {
                uploads.splice(uploads.indexOf(upload), 1);
                photoStore.remove(upload.id);
                render();
            } else if (request.status === 429 || request.status >= 500 || !json || request.status === 400 && /cut off/.test(request.responseText)) {
                retry();
            } else {
                // Refused for good (not a photo the server takes, say): said beside it, and not kept for later.
                photoStore.remove(upload.id);
                upload.state = 'failed';
                try {
                    upload.error = JSON.parse(request.responseText).detail;
                } catch {
                    upload.error = null;
                }
                render();
            }
        };
        request.send(upload.file);
    }

    function onOnline() {
        say('');
        messageDelay = config.firstRetryMs;
        flush();
        for (const upload of uploads.filter(u => u.state === 'retrying')) {
            clearTimeout(upload.timer);
            upload.delay = config.firstRetryMs;
            transmit(upload);
        }
    }

    function onOffline() {
        say('You are offline. What you send is kept on this phone and sent once you are back online.', 'warning');
        render();
    }

    function locate() {
        return new Promise((resolve, reject) => {
            if (!('geolocation' in navigator)) {
                reject(locationErrors.unsupported);
                return;
            }
            navigator.geolocation.getCurrentPosition(
                p => resolve({
                    latitude: p.coords.latitude,
                    longitude: p.coords.longitude,
                    accuracy: p.coords.accuracy,
                    takenAt: new Date(p.timestamp).toISOString(),
                }),
                e => reject(locationErrors[e.code] || locationErrors[2]),
                { enableHighAccuracy: true, timeout: config.locationTimeoutMs, maximumAge: 30000 });
        });
    }

    async function share(kind) {
        say('Finding your position…');
        let position = null;
        try {
            position = await locate();
            say('');
        } catch (problem) {
            if (kind === 'location') {
                say(problem, 'error');
                return;
            }
            say(`${problem} Your check-in was sent without a position.`, 'warning');
        }
        const label = { location: '📍 Shared location', arrived: '✅ Arrived on site', leaving: '🚪 Leaving the site' }[kind];
        enqueue({ text: null, ...(position || {}), checkIn: kind === 'location' ? null : kind }, label);
    }

    const handlers = [];
    function on(target, event, handler) {
        if (!target) return;
        target.addEventListener(event, handler);
        handlers.push(() => target.removeEventListener(event, handler));
    }

    input.value = load(keys.draft, input.value || '');
    on(input, 'input', () => {
        save(keys.draft, input.value.length > 0 ? input.value : null);
        const now = Date.now();
        if (input.value.length > 0 && now - lastTyping > 2000) {
            lastTyping = now;
            dotnet.invokeMethodAsync('Typing').catch(() => { /* not connected: nobody needs to see it */ });
        }
    });
    on(input, 'keydown', e => {
        if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
            e.preventDefault();
            send();
        }
    });
    on($('send'), 'click', send);
    for (const name of ['camera', 'gallery']) {
        const picker = $(name);
        on(picker, 'change', () => {
            const files = [...picker.files];
            picker.value = '';
            addFiles(files);
        });
    }
    on($('location'), 'click', () => share('location'));
    on($('arrived'), 'click', () => share('arrived'));
    on($('leaving'), 'click', () => share('leaving'));
    on(window, 'online', onOnline);
    on(window, 'offline', onOffline);
    // Photos left by an earlier visit (a reload, a closed tab, the phone out of coverage) go on where they stopped.
    photoStore.list(keys.photos).then(left => {
        for (const photo of left) {
            if (disposed || uploads.some(u => u.id === photo.id)) continue;
            const file = new File([photo.blob], photo.name, { type: photo.type });
            const upload = { id: photo.id, name: photo.name, state: 'preparing', progress: 0, attempts: 0, delay: config.firstRetryMs, file };
            uploads.push(upload);
            transmit(upload);
        }
        root.dataset.crewReady = 'true';
        render();
    });
    render();
    flush();

    return {
        dispose() {
            disposed = true;
            clearTimeout(messageTimer);
            for (const upload of uploads) {
                clearTimeout(upload.timer);
                upload.request?.abort();
            }
            handlers.forEach(off => off());
        },
    };
}
