// PumpLink live dashboard: draws what the gateway streams on /events (Server-Sent Events). Read-only: this page
// sends nothing to the gateway but the one GET of the stream. Plain JavaScript, no build step, no dependencies.
'use strict';

(function () {
  // What the gateway's view model (DashboardView) says to show; the page draws it and decides nothing about it.
  const model = {
    gateway: null,
    pumps: new Map(),       // serial -> {identity, reservoir, flow, battery, therapy, activeAlarms, interrogation:
                            //   envelopes; reservoirHistory: [{t, ml, lowMl}], oldest first}
    programmers: new Map(), // serial -> {status: envelope, activeAlarms: [alarm]}
    alarmHistory: [],       // oldest first: {scope, serial, envelope}
    links: [],              // LinkStatus envelopes
    linksAtMs: 0,
  };

  // ---- small helpers

  function h(tag, attrs, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs || {})) {
      if (value === undefined || value === null || value === false) continue;
      if (key === 'class') el.className = value;
      else el.setAttribute(key, value);
    }
    for (const child of children.flat()) {
      if (child === undefined || child === null || child === false) continue;
      el.appendChild(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  const SVG = 'http://www.w3.org/2000/svg';
  function s(tag, attrs, text) {
    const el = document.createElementNS(SVG, tag);
    for (const [key, value] of Object.entries(attrs || {})) el.setAttribute(key, value);
    if (text !== undefined) el.textContent = text;
    return el;
  }

  const num = (value) => (value === undefined || value === null || value === '' ? 0 : Number(value));
  const has = (value) => value !== undefined && value !== null && value !== '';
  const intFmt = new Intl.NumberFormat('en-US', {maximumFractionDigits: 0});
  const doseFmt = new Intl.NumberFormat('en-US', {maximumFractionDigits: 1}); // ziconotide doses are a few µg
  const fixed = (value, digits) => Number(value).toLocaleString('en-US',
      {minimumFractionDigits: digits, maximumFractionDigits: digits});
  const pad = (n) => String(n).padStart(2, '0');

  function dateTime(ms) {
    if (!num(ms)) return '—';
    const d = new Date(num(ms));
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
  }
  function date(ms) {
    const d = new Date(num(ms));
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  }
  function clock(ms) {
    const d = new Date(num(ms));
    return `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
  }

  /** "FLOW_MODE_FLEX_SCHEDULE" -> "Flex schedule" */
  function pretty(name, prefix) {
    if (!has(name)) return '—';
    const text = String(name).replace(prefix, '').replace(/_/g, ' ').toLowerCase();
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  const PRIORITIES = {
    ALARM_PRIORITY_HIGH: 'high', ALARM_PRIORITY_MEDIUM: 'medium', ALARM_PRIORITY_LOW: 'low',
    ALARM_PRIORITY_INFO: 'info',
  };
  const priorityOf = (alarm) => PRIORITIES[alarm.priority] || 'info';
  const PRIORITY_RANK = {high: 0, medium: 1, low: 2, info: 3};
  const DRUGS = {DRUG_UNSPECIFIED: 'Unknown drug', DRUG_OTHER: 'Other drug'};
  const drugName = (drug) => DRUGS[drug] || pretty(drug, 'DRUG_');

  // Who raised an alarm. Each keeps its own clock (pump, programmer, gateway) and its own alarm ids.
  const SOURCES = {ALARM_SOURCE_PUMP: 'pump', ALARM_SOURCE_PROGRAMMER: 'programmer', ALARM_SOURCE_GATEWAY: 'gateway'};
  const sourceOf = (alarm) => SOURCES[alarm.source] || 'unknown source';
  const isGatewayAlert = (alarm) => alarm.source === 'ALARM_SOURCE_GATEWAY';

  // What the gateway computed a projection or a daily dose from; a figure is only shown with its basis.
  const BASES = {PROJECTION_BASIS_DAILY_VOLUME: 'the daily volume', PROJECTION_BASIS_CURRENT_RATE: 'the current rate'};
  function basisText(basis, dailyVolumeNl) {
    const what = BASES[basis];
    if (!what) return null;
    return `from ${what}${has(dailyVolumeNl) ? ` ${fixed(num(dailyVolumeNl) / 1e6, 3)} mL/day` : ''}`;
  }

  /** The code's name; a code this page does not know by the name the gateway published with it. */
  function alarmName(alarm) {
    if (alarm.alarm && alarm.alarm !== 'ALARM_CODE_UNSPECIFIED' && !/^\d+$/.test(String(alarm.alarm))) {
      return pretty(alarm.alarm, 'ALARM_CODE_');
    }
    return has(alarm.name) ? pretty(alarm.name, '') : `Alarm code ${num(alarm.alarmCode)}`;
  }

  /** A gateway alert says why in words; a pump's or programmer's detail number means something per code. */
  function alarmDetail(alarm) {
    if (isGatewayAlert(alarm)) return alarm.reason || '';
    const detail = num(alarm.detail);
    switch (alarm.alarm) {
      case 'ALARM_CODE_LOW_RESERVOIR':
      case 'ALARM_CODE_EMPTY_RESERVOIR':
        return `reservoir ${fixed(detail / 1000, 2)} mL`;
      case 'ALARM_CODE_PROGRAMMER_LOW_BATTERY':
        return `battery ${detail} %`;
      case 'ALARM_CODE_MOTOR_STALL_RECOVERED':
        return `stalled ${fixed(detail / 60, 0)} min`;
      case 'ALARM_CODE_BATTERY_ERI':
        return `${detail} days to end of service`;
      case 'ALARM_CODE_PUMP_TELEMETRY_LOST':
        return `during session ${detail}`;
      default:
        return detail ? `detail ${detail}` : '';
    }
  }

  /**
   * One alarm as a coloured element: IEC 60601-1-8 colours by priority (high red, medium amber, low cyan), the same
   * for the gateway's alerts as for the pumps' alarms; who raised it beside the name.
   */
  function alarmElement(alarm) {
    const priority = priorityOf(alarm);
    const source = sourceOf(alarm);
    const detail = alarmDetail(alarm);
    const attrs = {class: `alarm alarm-${priority}`, 'data-priority': priority.toUpperCase(), 'data-source': source,
      role: 'status'};
    return h('div', attrs,
        h('span', {class: 'alarm-priority'}, priority.toUpperCase()),
        h('span', {class: 'alarm-name'}, alarmName(alarm)),
        h('span', {class: 'alarm-source'}, source),
        h('span', {class: 'alarm-meta'}, `since ${dateTime(alarm.tsMs)} (${source} clock)`),
        detail ? h('div', {class: 'alarm-detail'}, detail) : null);
  }

  const byPriority = (a, b) => PRIORITY_RANK[priorityOf(a)] - PRIORITY_RANK[priorityOf(b)]
      || num(a.alarmId) - num(b.alarmId);

  // ---- the model, from the stream

  /** A change has the snapshot's shape and holds only the parts that changed, each whole: it replaces them. */
  function applyChange(change) {
    for (const [name, group] of [['pumps', model.pumps], ['programmers', model.programmers]]) {
      for (const [serial, parts] of Object.entries(change[name] || {})) {
        group.set(serial, Object.assign(group.get(serial) || {}, parts));
      }
    }
    if (change.alarmHistory) model.alarmHistory = change.alarmHistory;
  }

  function applySnapshot(snapshot) {
    model.gateway = snapshot.gateway;
    model.pumps = new Map();
    model.programmers = new Map();
    model.alarmHistory = [];
    applyChange(snapshot);
    model.links = snapshot.links || [];
  }

  /** Pumps by serial: {serial, identity, reservoir, ..., reservoirHistory}. */
  function pumps() {
    return [...model.pumps].map(([serial, parts]) => ({...parts, serial}))
        .sort((a, b) => a.serial.localeCompare(b.serial));
  }

  // ---- rendering

  function renderGateway() {
    const g = model.gateway;
    const el = document.getElementById('gateway');
    el.replaceChildren();
    if (!g) return;
    el.append(h('span', {}, 'Gateway '), h('strong', {}, g.id), h('span', {class: 'muted'}, ` · v${g.version}`),
        h('span', {class: 'muted'}, ` · started ${dateTime(g.startedAtMs)}`));
  }

  function renderPumps() {
    const container = document.getElementById('pumps');
    const list = pumps();
    if (!list.length) {
      container.replaceChildren(h('p', {class: 'placeholder'}, 'Waiting for pump data…'));
      return;
    }
    container.replaceChildren(...list.map(pumpCard));
  }

  function pumpCard(pump) {
    const identity = pump.identity ? pump.identity.pumpIdentity : null;
    const reservoir = pump.reservoir ? pump.reservoir.reservoirStatus : null;
    const flow = pump.flow ? pump.flow.flowStatus : null;
    const battery = pump.battery ? pump.battery.batteryStatus : null;
    const therapy = pump.therapy ? pump.therapy.therapySummary : null;
    const active = pump.activeAlarms ? (pump.activeAlarms.activeAlarms.alarms || []).slice().sort(byPriority) : [];
    const latest = [pump.reservoir, pump.flow, pump.battery, pump.therapy, pump.identity].filter(Boolean)[0];
    const programmer = latest ? latest.header.programmerSerial : '';
    // the gateway's alert decides (on its own clock), not a date compared here
    const refillOverdue = active.some((a) => a.alarm === 'ALARM_CODE_REFILL_OVERDUE');

    const meta = [
      identity && `Model ${num(identity.modelCode)}`,
      reservoir && `${drugName(reservoir.drug)} ${intFmt.format(num(reservoir.concentrationUgPerMl))} µg/mL`,
      programmer && `via ${programmer}`,
    ].filter(Boolean).join(' · ');

    const alarms = active.length
      ? h('div', {class: 'alarms-active'}, active.map((a) => alarmElement(a)))
      : h('div', {class: 'alarms-active none'}, h('span', {class: 'ok-dot'}), 'No active alarms');

    return h('article', {class: 'pump card', 'data-serial': pump.serial},
        h('header', {class: 'card-head'},
            h('div', {},
                h('span', {class: 'eyebrow'}, 'Pump'),
                h('h2', {class: 'pump-serial'}, pump.serial)),
            h('div', {class: 'card-meta'}, meta,
                reservoir ? h('div', {class: 'muted'}, `reading of ${dateTime(reservoir.tsMs)} (pump clock)`) : null)),
        alarms,
        h('div', {class: 'tiles'},
            reservoirTile(reservoir, identity),
            therapyTile(therapy),
            doseTile(flow),
            flowTile(flow),
            batteryTile(battery),
            refillTile(reservoir, refillOverdue)),
        chart(pump.serial, pump.reservoirHistory || []),
        interrogationLine(pump.interrogation));
  }

  const unit = (text) => h('span', {class: 'unit'}, text);

  function tile(cls, label, value, valueCls, ...sub) {
    return h('div', {class: `tile ${cls}`},
        h('div', {class: 'tile-label'}, label),
        h('div', {class: `tile-value ${valueCls}`}, value),
        sub.filter(Boolean).map((line) => h('div', {class: 'tile-sub'}, line)));
  }

  function reservoirTile(reservoir, identity) {
    if (!reservoir) return tile('reservoir', 'Reservoir', '—', 'reservoir-volume');
    const ml = num(reservoir.volumeMl);
    const lowMl = num(reservoir.lowAlarmThresholdUl) / 1000;
    const capacityMl = identity && num(identity.reservoirCapacityUl) ? num(identity.reservoirCapacityUl) / 1000
      : Math.max(ml, lowMl) * 1.25 || 1;
    const low = ml <= lowMl;
    const pct = (v) => `${Math.max(0, Math.min(100, (v / capacityMl) * 100)).toFixed(1)}%`;
    const gauge = h('div', {class: `gauge${low ? ' gauge-low' : ''}`, role: 'meter', 'aria-valuemin': '0',
      'aria-valuemax': String(capacityMl), 'aria-valuenow': String(ml), 'aria-label': 'Reservoir volume'},
    h('div', {class: 'gauge-fill', style: `width:${pct(ml)}`}),
    h('div', {class: 'gauge-threshold', style: `left:${pct(lowMl)}`, title: 'low-reservoir alarm threshold'}));
    return h('div', {class: 'tile reservoir'},
        h('div', {class: 'tile-label'}, 'Reservoir'),
        h('div', {class: 'tile-value reservoir-volume'}, `${fixed(ml, 2)} `, unit('mL')),
        gauge,
        h('div', {class: 'tile-sub'}, `of ${fixed(capacityMl, 1)} mL · low alarm at `,
            h('span', {class: 'reservoir-threshold'}, `${fixed(lowMl, 2)} mL`)));
  }

  /** PTL 1.1: what the programmer says the prescription delivers per day, and the refill date the clinician set. */
  function therapyTile(therapy) {
    if (!therapy) return tile('therapy', 'Therapy summary', '—', 'therapy-volume', 'none received from the programmer');
    const dose = has(therapy.dailyDoseUgPerDay) ? `${doseFmt.format(num(therapy.dailyDoseUgPerDay))} µg/day`
      : 'dose unknown';
    const concentration = num(therapy.concentrationUgPerMl)
      ? `${intFmt.format(num(therapy.concentrationUgPerMl))} µg/mL` : 'concentration unknown';
    const due = num(therapy.nextRefillDueTsMs) ? `refill due ${date(therapy.nextRefillDueTsMs)}`
      : 'refill due date unknown';
    return tile('therapy', 'Therapy summary',
        h('span', {}, `${fixed(num(therapy.dailyVolumeNl) / 1e6, 3)} `, unit('mL/day')), 'therapy-volume',
        h('span', {class: 'therapy-dose'}, dose),
        h('span', {class: 'therapy-drug'}, `${drugName(therapy.drug)} ${concentration}`),
        h('span', {class: 'refill-due', title: 'the refill date the clinician set; not a projection'}, due));
  }

  /** The prescription's daily dose as the gateway derived it, with its basis, or why there is none. */
  function doseTile(flow) {
    if (!flow) return tile('dose', 'Daily dose', '—', 'daily-dose');
    if (!has(flow.dailyDoseUgPerDay)) {
      return tile('dose', 'Daily dose', '—', 'daily-dose',
          h('span', {class: 'dose-basis'}, `no daily dose: ${flow.dailyDoseUnavailableReason || 'not given'}`));
    }
    return tile('dose', 'Daily dose',
        h('span', {}, `${doseFmt.format(num(flow.dailyDoseUgPerDay))} `, unit('µg/day')), 'daily-dose',
        h('span', {class: 'dose-basis'}, basisText(flow.dailyDoseBasis, flow.dailyVolumeNl)),
        has(flow.concentrationUgPerMl) ? `at ${intFmt.format(num(flow.concentrationUgPerMl))} µg/mL` : null);
  }

  /** The mode and the rate now: a flex step or a bolus can differ from the daily volume. */
  function flowTile(flow) {
    if (!flow) return tile('flow', 'Flow mode', '—', 'flow-mode');
    const mode = pretty(flow.mode, 'FLOW_MODE_');
    const lines = [`now ${fixed(num(flow.rateMlPerDay), 3)} mL/day · ${intFmt.format(num(flow.rateNlPerHour))} nL/h`];
    if (flow.mode === 'FLOW_MODE_FLEX_SCHEDULE') lines.push(`step ${num(flow.stepIndex) + 1} of ${num(flow.stepCount)}`);
    if (num(flow.bolusRemainingUl)) lines.push(`bolus remaining ${intFmt.format(num(flow.bolusRemainingUl))} µL`);
    lines.push(`${fixed(num(flow.deliveredSinceRefillUl) / 1000, 2)} mL delivered since refill`);
    return tile('flow', 'Flow mode', mode, 'flow-mode', ...lines);
  }

  function batteryTile(battery) {
    if (!battery) return tile('battery', 'Pump battery', '—', 'battery-state');
    const state = battery.state === 'BATTERY_STATE_OK' ? 'OK'
      : battery.state ? String(battery.state).replace('BATTERY_STATE_', '') : `code ${num(battery.stateCode)}`;
    const days = num(battery.daysToEri) === 65535 ? 'days to ERI unknown'
      : `${intFmt.format(num(battery.daysToEri))} days to ERI`;
    const el = tile('battery', 'Pump battery', state, 'battery-state', `${intFmt.format(num(battery.voltageMv))} mV`, days);
    if (state !== 'OK') el.classList.add('attention');
    return el;
  }

  /**
   * The gateway's projection: refill-by and low-alarm dates (pump clock), days left, and what they were projected
   * from; or why there is no projection, rather than a figure from a basis that does not hold.
   */
  function refillTile(reservoir, overdue) {
    if (!reservoir) return tile('refill', 'Refill by', '—', 'refill-by');
    const basis = basisText(reservoir.projectionBasis, reservoir.projectionDailyVolumeNl);
    const el = tile('refill', 'Refill by', has(reservoir.refillByDateMs) ? date(reservoir.refillByDateMs) : '—',
        'refill-by',
        overdue ? h('span', {class: 'flag'}, 'refill overdue') : null,
        ...lowAlarmLines(reservoir),
        has(reservoir.daysToEmpty) ? `${fixed(num(reservoir.daysToEmpty), 1)} days to empty` : null,
        h('span', {class: 'projection-basis'}, reservoir.projectionUnavailableReason
          ? `no projection: ${reservoir.projectionUnavailableReason}` : basis ? `projected ${basis}` : 'no projection'));
    if (overdue) el.classList.add('attention');
    return el;
  }

  /** When the volume reaches (or reached: the date stays fixed) the low-alarm threshold, and the days until then. */
  function lowAlarmLines(reservoir) {
    const crossed = has(reservoir.daysToLowThreshold) && num(reservoir.daysToLowThreshold) <= 0;
    const when = has(reservoir.lowThresholdDateMs)
      ? `low alarm ${crossed ? 'since' : 'on'} ${date(reservoir.lowThresholdDateMs)}`
      : crossed ? 'at or below low alarm' : null;
    return [
      when && h('span', {class: 'low-date'}, when),
      has(reservoir.daysToLowThreshold) && !crossed
        && h('span', {class: 'days-left'}, `${fixed(num(reservoir.daysToLowThreshold), 1)} days to low alarm`),
    ];
  }

  function interrogationLine(envelope) {
    if (!envelope) return h('footer', {class: 'card-foot muted'}, 'No interrogation received yet.');
    const r = envelope.interrogationRecord;
    const outcome = r.outcome ? pretty(r.outcome, 'SESSION_OUTCOME_') : (r.closeReason || 'closed');
    const entries = `${num(r.entryCountReceived)}${has(r.entryCountExpected) ? ` of ${num(r.entryCountExpected)}` : ''} log entries`;
    // accuracy comes from REFILL_ACCOUNTING (delivered volume), never from the residual discrepancy
    const inaccurate = (r.logEntries || []).filter((e) => e.refillDeviationOutOfRange);
    return h('footer', {class: 'card-foot'},
        h('span', {class: 'muted'}, 'Last interrogation '),
        `#${num(r.sessionId)} · ${dateTime(r.endTsMs || r.beginTsMs)} · ${outcome} · ${entries}`,
        r.complete ? null : h('span', {class: 'flag'}, ' incomplete'),
        inaccurate.map((e) => h('span', {class: 'flag refill-accuracy'},
            ` · refill accuracy ${num(e.refillDeviationPct) > 0 ? '+' : ''}${fixed(num(e.refillDeviationPct), 1)} %`
            + ` (tolerance ±${fixed(num(e.refillTolerancePct), 1)} %)`)));
  }

  /** Reservoir volume over the pump's clock, with the low-alarm threshold: inline SVG. */
  function chart(serial, points) {
    const W = 640; const H = 170;
    const m = {l: 46, r: 14, t: 14, b: 26};
    const svg = s('svg', {viewBox: `0 0 ${W} ${H}`, class: 'chart-svg', role: 'img',
      'aria-label': `Reservoir volume over time for pump ${serial}`});
    const wrap = h('figure', {class: 'chart'}, h('figcaption', {},
        'Reservoir over time ', h('span', {class: 'muted'}, `(mL, last ${points.length} readings)`)), svg);
    if (points.length < 2) {
      svg.append(s('text', {x: W / 2, y: H / 2, 'text-anchor': 'middle', class: 'chart-empty'},
          'Collecting readings…'));
      return wrap;
    }
    const t0 = points[0].t; const t1 = points[points.length - 1].t || t0 + 1;
    const lowMl = points[points.length - 1].lowMl;
    const top = niceCeil(Math.max(...points.map((p) => p.ml), lowMl) * 1.1);
    const x = (t) => m.l + ((t - t0) / Math.max(1, t1 - t0)) * (W - m.l - m.r);
    const y = (v) => H - m.b - (v / top) * (H - m.t - m.b);
    const step = niceStep(top / 4);
    for (let v = 0; v <= top + 1e-9; v += step) {
      svg.append(s('line', {x1: m.l, x2: W - m.r, y1: y(v), y2: y(v), class: 'grid'}));
      svg.append(s('text', {x: m.l - 6, y: y(v) + 4, 'text-anchor': 'end', class: 'axis'}, fixed(v, step < 1 ? 1 : 0)));
    }
    const path = points.map((p) => `${x(p.t).toFixed(1)},${y(p.ml).toFixed(1)}`).join(' ');
    svg.append(s('polygon', {points: `${x(t0)},${y(0)} ${path} ${x(t1)},${y(0)}`, class: 'area'}));
    svg.append(s('line', {x1: m.l, x2: W - m.r, y1: y(lowMl), y2: y(lowMl), class: 'threshold'}));
    // the label goes on the side of the threshold line where the curve does not start, so they do not overlap
    const labelBelow = points[0].ml >= lowMl;
    svg.append(s('text', {x: m.l + 8, y: y(lowMl) + (labelBelow ? 15 : -6), class: 'threshold-label'},
        `low-reservoir alarm ${fixed(lowMl, 2)} mL`));
    svg.append(s('polyline', {points: path, class: 'line'}));
    const last = points[points.length - 1];
    svg.append(s('circle', {cx: x(last.t), cy: y(last.ml), r: 3.5, class: 'dot'}));
    svg.append(s('text', {x: m.l, y: H - 6, class: 'axis'}, dateTime(t0)));
    svg.append(s('text', {x: (m.l + W - m.r) / 2, y: H - 6, 'text-anchor': 'middle', class: 'axis'},
        dateTime((t0 + t1) / 2)));
    svg.append(s('text', {x: W - m.r, y: H - 6, 'text-anchor': 'end', class: 'axis'}, dateTime(t1)));
    return wrap;
  }

  function niceStep(raw) {
    const p = Math.pow(10, Math.floor(Math.log10(raw || 1)));
    const f = raw / p;
    return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * p;
  }
  function niceCeil(v) {
    const step = niceStep(v / 4);
    return Math.ceil(v / step) * step || 1;
  }

  const COUNTERS = [
    ['Valid frames', 'framesValid', false],
    ['Invalid frames', 'framesInvalid', true],
    ['  COBS error', 'invalidCobs', true],
    ['  size', 'invalidSize', true],
    ['  CRC mismatch', 'invalidCrc', true],
    ['  length mismatch', 'invalidLengthMismatch', true],
    ['  bad version', 'invalidVersion', true],
    ['  reserved bits', 'invalidReservedBits', true],
    ['Overlong runs discarded', 'overlongRunsDiscarded', true],
    ['Sequence gaps', 'seqGaps', true],
    ['  frames missed', 'seqFramesMissed', true],
    ['Duplicates', 'duplicates', true],
    ['Retransmits seen', 'retransmitsSeen', true],
    ['Retransmits sent', 'retransmitsSent', true],
    ['Rejected (NAK)', null, true],
    ['NAKs received', 'naksReceived', true],
    ['HELLOs', 'hellosReceived', false],
  ];

  function renderLinks() {
    const container = document.getElementById('links');
    if (!model.links.length) {
      container.replaceChildren(h('p', {class: 'placeholder'}, 'No links yet.'));
      return;
    }
    container.replaceChildren(...model.links.map(linkCard));
  }

  function linkCard(envelope) {
    const link = envelope.linkStatus || {};
    const c = link.counters || {};
    const serial = (link.hello && link.hello.programmerSerial) || envelope.header.programmerSerial || '';
    const state = String(link.state || 'LINK_STATE_UNSPECIFIED').replace('LINK_STATE_', '');
    const programmer = model.programmers.get(serial) || {};
    const status = serial ? programmer.status : null;
    const p = status ? status.programmerStatus : null;
    const transport = pretty(link.transport, 'TRANSPORT_').replace('Tcp', 'TCP').replace('spp', 'SPP');
    const endpoint = String(link.endpoint || '').replace(/^(tcp|serial):/, '');
    const rejected = num(c.rejectedUnknownType) + num(c.rejectedPayloadTooShort) + num(c.rejectedInvalidField)
        + num(c.rejectedBeforeHello);
    const rows = COUNTERS.map(([label, key, isError]) => {
      const value = key ? num(c[key]) : rejected;
      const sub = label.startsWith('  ');
      return h('tr', {class: `${sub ? 'sub' : ''} ${isError && value > 0 ? 'nonzero' : ''}`.trim(),
        'data-counter': key || 'rejected'},
      h('th', {scope: 'row'}, label.trim()), h('td', {}, intFmt.format(value)));
    });
    const alarms = (programmer.activeAlarms || []).slice().sort(byPriority);
    return h('div', {class: 'link card', 'data-link': link.linkId || ''},
        h('div', {class: 'link-head'},
            h('div', {},
                h('span', {class: 'eyebrow'}, 'Programmer'),
                h('div', {class: 'programmer-serial'}, serial || 'not identified yet')),
            h('span', {class: `link-state state-${state.toLowerCase()}`}, state)),
        h('div', {class: 'muted'}, `link ${link.linkId} · ${transport} ${endpoint}`),
        h('div', {class: 'muted'}, [
          link.reason,
          `since ${clock(link.stateSinceMs)}`,
        ].filter(Boolean).join(' · ')),
        p ? h('div', {class: 'programmer-status'}, [
          `Battery ${num(p.batteryPct)} %`,
          pretty(p.telemetryState, 'TELEMETRY_STATE_'),
          has(p.rssiDbm) ? `RSSI ${num(p.rssiDbm)} dBm` : null,
          link.hello ? `fw ${link.hello.fwVersion}` : null,
        ].filter(Boolean).join(' · ')) : null,
        alarms.length ? h('div', {class: 'alarms-active'}, alarms.map((a) => alarmElement(a))) : null,
        h('table', {class: 'counters'}, h('tbody', {}, rows)));
  }

  function renderHistory() {
    const container = document.getElementById('history');
    document.getElementById('history-count').textContent = model.alarmHistory.length
      ? `(last ${model.alarmHistory.length})` : '';
    if (!model.alarmHistory.length) {
      container.replaceChildren(h('p', {class: 'placeholder'}, 'No alarm events yet.'));
      return;
    }
    const rows = model.alarmHistory.slice().reverse().map((item) => {
      const a = item.envelope.alarm || {};
      const priority = priorityOf(a);
      const source = sourceOf(a);
      const cleared = a.state === 'ALARM_STATE_CLEARED';
      return h('tr', {class: `alarm-event alarm-event-${priority}${cleared ? ' cleared' : ''}`, 'data-source': source},
          h('td', {}, dateTime(a.tsMs), h('span', {class: 'muted'}, ` ${source} clock`)),
          h('td', {}, `${item.scope === 'pump' ? 'Pump' : 'Programmer'} ${item.serial}`),
          h('td', {}, h('span', {class: 'alarm-source'}, source)),
          h('td', {}, h('span', {class: `badge badge-${priority}`}, priority.toUpperCase())),
          h('td', {}, alarmName(a)),
          h('td', {}, cleared ? 'cleared' : 'raised'),
          h('td', {class: 'muted'}, alarmDetail(a)));
    });
    container.replaceChildren(h('table', {class: 'history-table'},
        h('thead', {}, h('tr', {}, ['Time', 'About', 'Raised by', 'Priority', 'Alarm', 'Event', 'Detail']
            .map((t) => h('th', {scope: 'col'}, t)))),
        h('tbody', {}, rows)));
  }

  let pending = false;
  function render() {
    if (pending) return;
    pending = true;
    setTimeout(() => { // batches a burst of events into one redraw; unlike animation frames, runs in hidden tabs
      pending = false;
      renderGateway();
      renderPumps();
      renderLinks();
      renderHistory();
    }, 50);
  }

  // ---- the stream

  const connection = document.getElementById('connection');
  function setConnection(state, text) {
    connection.dataset.state = state;
    connection.textContent = text;
  }

  function listen(source, name, apply) {
    source.addEventListener(name, (event) => {
      try {
        apply(JSON.parse(event.data));
        render();
      } catch (e) {
        console.error('dashboard: bad event', name, e);
      }
    });
  }

  const source = new EventSource('events');
  source.onopen = () => setConnection('live', 'Live');
  source.onerror = () => setConnection('lost', 'Reconnecting…');
  listen(source, 'snapshot', (snapshot) => {
    applySnapshot(snapshot);
    setConnection('live', 'Live');
  });
  listen(source, 'change', applyChange);
  listen(source, 'links', (event) => {
    model.links = event.links || [];
    model.linksAtMs = num(event.atMs);
    setConnection('live', `Live · ${clock(model.linksAtMs)}`);
  });
})();
