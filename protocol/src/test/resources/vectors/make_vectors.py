#!/usr/bin/env python3
"""Writes the PTL v1 golden vector files next to this script, independently of the Java code under test.

Usage:  python3 make_vectors.py   (from any directory; Python 3.8+, standard library only)

It rewrites icd-section5.vectors, icd-section6.vectors and per-type.vectors. The ICD is the PTL v1 interface
control document, revision 1.1, restated with its section numbers in docs/protocol.md at the repository root.
Before writing anything the script checks its own CRC-32C against the ICD check value (section 2) and re-encodes
every vector printed in ICD sections 5 and 6 from the field values the ICD describes: a mismatch aborts, so the
icd-section*.vectors files hold the bytes exactly as printed and every file comes from an encoder that agrees
with the ICD. The file format is described in HEADER below; GoldenVectorTest
reads every *.vectors file in this directory. Edit the VECTOR lists here, never the generated files.
"""
import struct
from pathlib import Path

HERE = Path(__file__).resolve().parent
RELIABLE, RETRANSMIT = 0x01, 0x02
T0 = 1767225600000  # 2026-01-01T00:00:00Z, the ICD's own example clock


def crc32c(data: bytes) -> int:
    """CRC-32C bit by bit: reflected polynomial 0x82F63B78, init and xorout 0xFFFFFFFF."""
    crc = 0xFFFFFFFF
    for byte in data:
        crc ^= byte
        for _ in range(8):
            crc = (crc >> 1) ^ (0x82F63B78 if crc & 1 else 0)
    return crc ^ 0xFFFFFFFF


def cobs_encode(data: bytes) -> bytes:
    """Cheshire & Baker's reference StuffData: a 254-byte run closes with 0xFF, and if the data ends there
    the final FinishBlock still writes code 0x01."""
    out, code_at, code = bytearray([0]), 0, 1
    for byte in data:
        if byte == 0:
            out[code_at], code_at, code = code, len(out), 1
            out.append(0)
        else:
            out.append(byte)
            code += 1
            if code == 0xFF:
                out[code_at], code_at, code = code, len(out), 1
                out.append(0)
    out[code_at] = code
    return bytes(out)


def frame_bytes(type_code: int, flags: int, seq: int, payload: bytes) -> bytes:
    """Decoded frame (ICD section 2): version, type, flags, reserved, seq, length, payload, CRC-32C."""
    body = struct.pack('<BBBBHH', 1, type_code, flags, 0, seq, len(payload)) + payload
    return body + struct.pack('<I', crc32c(body))


def wire(frame: bytes) -> bytes:
    return cobs_encode(frame) + b'\x00'


# Field layouts of ICD section 4 by record component name, in wire order.
WIDTH = {'u8': 'B', 'bool': 'B', 'i8': 'b', 'u16': 'H', 'u32': 'I', 'i32': 'i', 'u64': 'Q'}
TYPES = {
    'HELLO': (0x01, 27, [('protocolVersion', 'u8'), ('programmerSerial', 'char16'), ('fwMajor', 'u8'),
                         ('fwMinor', 'u8'), ('fwPatch', 'u16'), ('capabilities', 'u32'),
                         ('heartbeatIntervalMs', 'u16')]),
    'HELLO_ACK': (0x02, 11, [('gatewayTimeMs', 'u64'), ('acceptedCode', 'u8'), ('maxPayload', 'u16')]),
    'HEARTBEAT': (0x03, 4, [('uptimeMs', 'u32')]),
    'ACK': (0x04, 2, [('ackedSeq', 'u16')]),
    'NAK': (0x05, 3, [('nakSeq', 'u16'), ('reasonCode', 'u8')]),
    'PROGRAMMER_STATUS': (0x06, 11, [('tsMs', 'u64'), ('batteryPct', 'u8'), ('telemetryStateCode', 'u8'),
                                     ('rssiDbm', 'i8')]),
    'PUMP_IDENTITY': (0x10, 38, [('tsMs', 'u64'), ('pumpSerial', 'char16'), ('modelCode', 'u16'),
                                 ('reservoirCapacityUl', 'u32'), ('pumpFw', 'u16'), ('implantDateDays', 'u32'),
                                 ('catheterVolumeUl', 'u16')]),
    'RESERVOIR_STATUS': (0x11, 45, [('tsMs', 'u64'), ('pumpSerial', 'char16'), ('volumeUl', 'u32'),
                                    ('lowAlarmThresholdUl', 'u32'), ('drugCode', 'u8'),
                                    ('concentrationUgPerMl', 'u32'), ('lastRefillTsMs', 'u64')]),
    'FLOW_STATUS': (0x12, 39, [('tsMs', 'u64'), ('pumpSerial', 'char16'), ('modeCode', 'u8'),
                               ('rateNlPerHour', 'u32'), ('bolusRemainingUl', 'u32'),
                               ('deliveredSinceRefillUl', 'u32'), ('stepIndex', 'u8'), ('stepCount', 'u8')]),
    'BATTERY_STATUS': (0x13, 29, [('tsMs', 'u64'), ('pumpSerial', 'char16'), ('voltageMv', 'u16'),
                                  ('stateCode', 'u8'), ('daysToEri', 'u16')]),
    'ALARM': (0x14, 36, [('tsMs', 'u64'), ('pumpSerial', 'char16'), ('alarmId', 'u32'), ('alarmCode', 'u16'),
                         ('priorityCode', 'u8'), ('stateCode', 'u8'), ('detail', 'i32')]),
    'SESSION_BEGIN': (0x15, 44, [('tsMs', 'u64'), ('pumpSerial', 'char16'), ('sessionId', 'u32'),
                                 ('patientRef', 'char16')]),
    'LOG_ENTRY': (0x16, 43, [('tsMs', 'u64'), ('pumpSerial', 'char16'), ('sessionId', 'u32'), ('index', 'u16'),
                             ('eventCode', 'u8'), ('a', 'i32'), ('b', 'i32'), ('c', 'i32')]),
    'SESSION_END': (0x17, 31, [('tsMs', 'u64'), ('pumpSerial', 'char16'), ('sessionId', 'u32'),
                               ('entryCount', 'u16'), ('outcomeCode', 'u8')]),
    'THERAPY_SUMMARY': (0x18, 45, [('tsMs', 'u64'), ('pumpSerial', 'char16'), ('drugCode', 'u8'),
                                   ('concentrationUgPerMl', 'u32'), ('dailyVolumeNl', 'u32'),
                                   ('dailyDoseUg', 'u32'), ('nextRefillDueTsMs', 'u64')]),
    'REQUEST_INTERROGATION': (0x20, 4, [('requestId', 'u32')]),
    'REQUEST_STATUS': (0x21, 4, [('requestId', 'u32')]),
    'COMMAND_RESULT': (0x22, 5, [('requestId', 'u32'), ('resultCode', 'u8')]),
}


def payload(type_name: str, fields: dict) -> bytes:
    _, min_length, layout = TYPES[type_name]
    assert set(fields) == {name for name, _ in layout}, f'{type_name}: fields {sorted(fields)}'
    out = bytearray()
    for name, kind in layout:
        value = fields[name]
        if kind == 'char16':
            raw = value.encode('ascii')
            assert len(raw) <= 16 and all(0x20 <= c <= 0x7E for c in raw), value
            out += raw.ljust(16, b'\x00')
        else:
            out += struct.pack('<' + WIDTH[kind], int(value))
    assert len(out) == min_length, f'{type_name}: {len(out)} != {min_length}'
    return bytes(out)


def hexline(data: bytes) -> str:
    return ' '.join(f'{b:02x}' for b in data)


class Bare(str):
    """A token written as is (a type name or code), unlike a string field, which is quoted."""


def value_text(value) -> str:
    if isinstance(value, Bare):
        return value
    if isinstance(value, bool):
        return 'true' if value else 'false'
    if isinstance(value, str):
        return '"' + value.replace('\\', '\\\\').replace('"', '\\"') + '"'
    if isinstance(value, bytes):
        return value.hex()
    return str(value)


def hexlines(key, data: bytes):
    return [f'{key}: {hexline(data[i:i + 32])}' for i in range(0, len(data), 32)]


def record(name, note, wire_bytes, expect, reencodes=None, frame_payload=None):
    """One vector in the file format; long hex and field lists are wrapped over repeated keys."""
    lines = [f'# {line}' for line in note.split('\n')] + [f'name: {name}']
    if frame_payload is not None:
        lines.append('layer: frame')
    lines += hexlines('wire', wire_bytes)
    if reencodes is not None:
        lines += hexlines('reencodes', reencodes)
    items = [f'{key}={value_text(value)}' for key, value in expect.items()]
    lines += ['expect: ' + ' '.join(items[i:i + 4]) for i in range(0, len(items), 4)]
    if frame_payload is not None:
        lines += hexlines('payload', frame_payload)
    return '\n'.join(lines)


def message_vector(name, note, type_name, seq, flags, fields, extra=b''):
    """A message vector; with extra bytes after the payload it is not canonical and re-encodes without them."""
    data = payload(type_name, fields)
    canonical = wire(frame_bytes(TYPES[type_name][0], flags, seq, data))
    sent = wire(frame_bytes(TYPES[type_name][0], flags, seq, data + extra))
    expect = {'type': Bare(type_name), 'seq': seq, 'flags': flags, **fields}
    return record(name, note, sent, expect, reencodes=canonical if extra else None)


def frame_vector(name, note, type_code, flags, seq, data, sent=None):
    """A frame-level vector (type not interpreted); sent overrides the wire form when it is not canonical."""
    canonical = wire(frame_bytes(type_code, flags, seq, data))
    expect = {'type': Bare(f'0x{type_code:02x}'), 'flags': flags, 'seq': seq}
    return record(name, note, sent or canonical, expect, reencodes=canonical if sent else None,
                  frame_payload=data)


def nonzero_payload(length, seq, flags, type_code):
    """A non-zero payload whose CRC has no zero byte either, so payload and CRC are one run for COBS (and,
    where seq and length have no zero byte, the run starts right after the reserved byte)."""
    for shift in range(256):
        data = bytes((i * 7 + shift) % 255 + 1 for i in range(length))
        if 0 not in frame_bytes(type_code, flags, seq, data)[8:]:
            return data
    raise AssertionError('no CRC without a zero byte')


HEADER = """\
# PTL v1 golden vectors. GENERATED by make_vectors.py in this directory: edit the script, not this file.
#
# Format: one vector per block; '#' lines and blank lines are comments.
#   name: <id>              starts a vector; unique within the file
#   layer: frame            optional: check at the frame layer only (a Frame, type not interpreted);
#                           without it the vector is a message (a Packet) checked through both layers
#   wire: <hex bytes>       the bytes exactly as on the wire, COBS and 0x00 delimiter included;
#                           repeated wire: lines are concatenated
#   reencodes: <hex bytes>  optional, marks a NON-CANONICAL vector: the wire bytes decode to the expected
#                           fields, and encoding those fields gives these bytes instead of the wire bytes
#   expect: key=value ...   the decoded result; repeated expect: lines are concatenated. Keys: type (a
#                           MessageType name, or a hex type code for layer: frame), seq, flags, then EVERY
#                           record component of the message by its Java name. Values: decimal or 0x-hex
#                           integers, true/false, "quoted" ASCII with \\" and \\\\ escapes. Code fields
#                           (drugCode, alarmCode, ...) keep the raw wire number, known or not.
#   payload: <hex bytes>    layer: frame only: the expected payload; repeated lines are concatenated
"""

ICD_VECTORS = [
    ('icd-heartbeat', 'HEARTBEAT, seq 7, uptime 1000 ms', 'HEARTBEAT', 7, 0, {'uptimeMs': 1000},
     '03 01 03 01 02 07 02 04 03 e8 03 01 05 6a 1c 8a dc 00'),
    ('icd-hello', 'HELLO, seq 0, RELIABLE, programmer PRG-000123, firmware 2.4.17, capabilities 0b111,\n'
                  'heartbeat 1000 ms', 'HELLO', 0, RELIABLE,
     {'protocolVersion': 1, 'programmerSerial': 'PRG-000123', 'fwMajor': 2, 'fwMinor': 4, 'fwPatch': 17,
      'capabilities': 0b111, 'heartbeatIntervalMs': 1000},
     '04 01 01 01 01 01 02 1b 0c 01 50 52 47 2d 30 30 30 31 32 33 01 01 01 01 01 04 02 04 11 02 07 01 01 07 e8 03 '
     '0c d9 7b 64 00'),
    ('icd-reservoir-status', 'RESERVOIR_STATUS, seq 42, ts 1767225600000, pump NGP-4711, 12345 uL, threshold\n'
                             '2000 uL, baclofen, 2000 ug/mL, last refill 1764547200000', 'RESERVOIR_STATUS', 42, 0,
     {'tsMs': T0, 'pumpSerial': 'NGP-4711', 'volumeUl': 12345, 'lowAlarmThresholdUl': 2000, 'drugCode': 1,
      'concentrationUgPerMl': 2000, 'lastRefillTsMs': 1764547200000},
     '03 01 11 01 02 2a 02 2d 01 06 a8 da 76 9b 01 01 09 4e 47 50 2d 34 37 31 31 01 01 01 01 01 01 01 03 39 30 01 '
     '03 d0 07 01 04 01 d0 07 01 01 06 84 35 d7 9a 01 01 05 d2 d8 33 cb 00'),
    ('icd-alarm', 'ALARM, seq 43, RELIABLE, ts 1767225660000, pump NGP-4711, alarm_id 9, LOW_RESERVOIR, medium,\n'
                  'RAISED, detail 1998', 'ALARM', 43, RELIABLE,
     {'tsMs': T0 + 60000, 'pumpSerial': 'NGP-4711', 'alarmId': 9, 'alarmCode': 0x0001, 'priorityCode': 2,
      'stateCode': 1, 'detail': 1998},
     '04 01 14 01 02 2b 02 24 07 60 92 db 76 9b 01 01 09 4e 47 50 2d 34 37 31 31 01 01 01 01 01 01 01 02 09 01 01 '
     '02 01 05 02 01 ce 07 01 05 32 85 17 40 00'),
    ('icd-flow-status', 'FLOW_STATUS, seq 44, ts 1767225600000, pump NGP-4711, CONTINUOUS, 20833 nL/h\n'
                        '(0.5 mL/day), no bolus, 7655 uL delivered since refill (no schedule: step 0 of 0)',
     'FLOW_STATUS', 44, 0,
     {'tsMs': T0, 'pumpSerial': 'NGP-4711', 'modeCode': 1, 'rateNlPerHour': 20833, 'bolusRemainingUl': 0,
      'deliveredSinceRefillUl': 7655, 'stepIndex': 0, 'stepCount': 0},
     '03 01 12 01 02 2c 02 27 01 06 a8 da 76 9b 01 01 09 4e 47 50 2d 34 37 31 31 01 01 01 01 01 01 01 04 01 61 51 '
     '01 01 01 01 01 03 e7 1d 01 01 01 05 93 15 99 3d 00'),
]

# ICD section 6 (revision 1.1): the vectors printed there.
ICD_11_VECTORS = [
    ('icd11-therapy-summary', 'THERAPY_SUMMARY, seq 45, ts 1767225600000, pump NGP-4711, baclofen, 2000 ug/mL,\n'
                              '300000 nL/day (0.3 mL/day), 600 ug/day, next refill due 1769817600000',
     'THERAPY_SUMMARY', 45, 0,
     {'tsMs': T0, 'pumpSerial': 'NGP-4711', 'drugCode': 1, 'concentrationUgPerMl': 2000, 'dailyVolumeNl': 300000,
      'dailyDoseUg': 600, 'nextRefillDueTsMs': 1769817600000},
     '03 01 18 01 02 2d 02 2d 01 06 a8 da 76 9b 01 01 09 4e 47 50 2d 34 37 31 31 01 01 01 01 01 01 01 04 01 d0 07 '
     '01 04 e0 93 04 03 58 02 01 01 06 70 59 11 9c 01 01 05 67 68 a4 18 00'),
    ('icd11-log-entry-refill-accounting', 'LOG_ENTRY, seq 46, RELIABLE, ts 1767225600000, pump NGP-4711, session 77,\n'
                                          'index 3, REFILL_ACCOUNTING, 7500 uL delivered, 20000 uL after the previous\n'
                                          'refill, 720 h', 'LOG_ENTRY', 46, RELIABLE,
     {'tsMs': T0, 'pumpSerial': 'NGP-4711', 'sessionId': 77, 'index': 3, 'eventCode': 8, 'a': 7500, 'b': 20000,
      'c': 720},
     '04 01 16 01 02 2e 02 2b 01 06 a8 da 76 9b 01 01 09 4e 47 50 2d 34 37 31 31 01 01 01 01 01 01 01 02 4d 01 01 '
     '02 03 04 08 4c 1d 01 03 20 4e 01 03 d0 02 01 05 44 12 02 22 00'),
]


def icd_vectors(vectors, section):
    blocks = []
    for name, note, type_name, seq, flags, fields, printed in vectors:
        data = payload(type_name, fields)
        ours = hexline(wire(frame_bytes(TYPES[type_name][0], flags, seq, data)))
        assert ours == printed, f'{name}: ICD prints\n  {printed}\nthe reference encoder gives\n  {ours}'
        expect = {'type': Bare(type_name), 'seq': seq, 'flags': flags, **fields}
        blocks.append(record(name, note + f' (ICD section {section}, as printed)', bytes.fromhex(printed), expect))
    return blocks


SERIAL = 'NGP-4711'
SESSION = 31337


def per_type_vectors():
    m = message_vector
    hello = {'protocolVersion': 1, 'programmerSerial': 'PRG-004242', 'fwMajor': 3, 'fwMinor': 1, 'fwPatch': 250,
             'capabilities': 0b011, 'heartbeatIntervalMs': 500}
    blocks = [
        m('hello', 'P->G HELLO opening the link at seq base 4660: interrogation and status streaming, 500 ms',
          'HELLO', 4660, RELIABLE, hello),
        m('hello-ack-accepted', 'G->P HELLO_ACK, the gateway numbers from 0: accepted, gateway clock, max payload',
          'HELLO_ACK', 0, 0, {'gatewayTimeMs': T0 + 123, 'acceptedCode': 1, 'maxPayload': 1024}),
        m('hello-ack-refused', 'G->P HELLO_ACK refusing an unsupported protocol version',
          'HELLO_ACK', 0, 0, {'gatewayTimeMs': T0 + 456, 'acceptedCode': 0, 'maxPayload': 1024}),
        m('heartbeat-programmer', 'P->G HEARTBEAT after a day of uptime', 'HEARTBEAT', 4661, 0,
          {'uptimeMs': 86_400_000}),
        m('heartbeat-gateway', 'G->P HEARTBEAT, uptime near the u32 wrap (49.7 days)', 'HEARTBEAT', 1, 0,
          {'uptimeMs': 4_294_000_000}),
        m('ack-gateway', 'G->P ACK of the programmer ALARM seq 4663', 'ACK', 2, 0, {'ackedSeq': 4663}),
        m('ack-programmer', 'P->G ACK of the gateway REQUEST_INTERROGATION seq 3', 'ACK', 4662, 0, {'ackedSeq': 3}),
        m('nak-no-hello', 'G->P NAK reason 4 (no HELLO yet) for a LOG_ENTRY seq 517 after a gateway restart',
          'NAK', 0, 0, {'nakSeq': 517, 'reasonCode': 4}),
        m('nak-unknown-type', 'P->G NAK reason 1 (unknown type) for gateway seq 9', 'NAK', 4664, 0,
          {'nakSeq': 9, 'reasonCode': 1}),
        m('programmer-status', 'PROGRAMMER_STATUS: 87 %, pump in range, rssi -67 dBm (negative i8)',
          'PROGRAMMER_STATUS', 4665, 0,
          {'tsMs': T0 + 1000, 'batteryPct': 87, 'telemetryStateCode': 1, 'rssiDbm': -67}),
        m('pump-identity', 'PUMP_IDENTITY: 40 mL reservoir, implanted 2024-03-15 (19797 days), catheter 194 uL',
          'PUMP_IDENTITY', 4666, 0,
          {'tsMs': T0 + 2000, 'pumpSerial': SERIAL, 'modelCode': 0x0822, 'reservoirCapacityUl': 40000,
           'pumpFw': 0x0310, 'implantDateDays': 19797, 'catheterVolumeUl': 194}),
        m('reservoir-status-unknown-drug', 'RESERVOIR_STATUS with drug code 42, unknown to PTL v1: kept as a number',
          'RESERVOIR_STATUS', 4667, 0,
          {'tsMs': T0 + 3000, 'pumpSerial': SERIAL, 'volumeUl': 18250, 'lowAlarmThresholdUl': 2000, 'drugCode': 42,
           'concentrationUgPerMl': 500, 'lastRefillTsMs': 1764547200000}),
        m('flow-status-flex', 'FLOW_STATUS FLEX_SCHEDULE, step 2 of 4, 1 mL/day, bolus in progress',
          'FLOW_STATUS', 4668, 0,
          {'tsMs': T0 + 4000, 'pumpSerial': SERIAL, 'modeCode': 2, 'rateNlPerHour': 41667,
           'bolusRemainingUl': 35, 'deliveredSinceRefillUl': 123456, 'stepIndex': 2, 'stepCount': 4}),
        m('battery-status-eri', 'BATTERY_STATUS ERI (elective replacement), 2650 mV, days to ERI 0',
          'BATTERY_STATUS', 4669, 0,
          {'tsMs': T0 + 5000, 'pumpSerial': SERIAL, 'voltageMv': 2650, 'stateCode': 1, 'daysToEri': 0}),
        m('battery-status-unknown-eri', 'BATTERY_STATUS OK with days_to_eri 0xFFFF (unknown)',
          'BATTERY_STATUS', 4670, 0,
          {'tsMs': T0 + 5500, 'pumpSerial': SERIAL, 'voltageMv': 3010, 'stateCode': 0, 'daysToEri': 0xFFFF}),
        m('alarm-unknown-code', 'ALARM with code 0x0999, unknown to PTL v1: forwarded with its number; high,\n'
                                'RAISED, negative detail', 'ALARM', 4671, RELIABLE,
          {'tsMs': T0 + 6000, 'pumpSerial': SERIAL, 'alarmId': 10, 'alarmCode': 0x0999, 'priorityCode': 3,
           'stateCode': 1, 'detail': -5}),
        m('alarm-programmer-cleared', 'ALARM PROGRAMMER_LOW_BATTERY CLEARED, a programmer-side event: all-zero\n'
                                      'pump_serial (no pump)', 'ALARM', 4672, RELIABLE,
          {'tsMs': T0 + 7000, 'pumpSerial': '', 'alarmId': 3, 'alarmCode': 0x0100, 'priorityCode': 1,
           'stateCode': 2, 'detail': 14}),
        m('session-begin', 'SESSION_BEGIN with a patient_ref, 16 characters (no padding)', 'SESSION_BEGIN', 4673,
          RELIABLE, {'tsMs': T0 + 8000, 'pumpSerial': SERIAL, 'sessionId': SESSION, 'patientRef': 'CLINIC7/PT-00815'}),
        m('session-begin-no-patient', 'SESSION_BEGIN with an empty patient_ref', 'SESSION_BEGIN', 4674, RELIABLE,
          {'tsMs': T0 + 9000, 'pumpSerial': SERIAL, 'sessionId': SESSION + 1, 'patientRef': ''}),
        m('log-entry-refill', 'LOG_ENTRY REFILL: expected residual 2150 uL, measured 1980 uL, new volume 20000 uL',
          'LOG_ENTRY', 4675, RELIABLE,
          {'tsMs': 1764547200000, 'pumpSerial': SERIAL, 'sessionId': SESSION, 'index': 0, 'eventCode': 1,
           'a': 2150, 'b': 1980, 'c': 20000}),
        m('log-entry-clock-set-retransmit', 'LOG_ENTRY CLOCK_SET (drift -42 s), sent again: RELIABLE|RETRANSMIT,\n'
                                            'same seq as the original', 'LOG_ENTRY', 4676, RELIABLE | RETRANSMIT,
          {'tsMs': 1765000000000, 'pumpSerial': SERIAL, 'sessionId': SESSION, 'index': 1, 'eventCode': 7,
           'a': -42, 'b': 0, 'c': 0}),
        m('session-end-telemetry-lost', 'SESSION_END ABORTED_TELEMETRY_LOST after 12 entries', 'SESSION_END', 4677,
          RELIABLE, {'tsMs': T0 + 10000, 'pumpSerial': SERIAL, 'sessionId': SESSION, 'entryCount': 12,
                     'outcomeCode': 1}),
        m('therapy-summary-flex-unknown-dose', 'THERAPY_SUMMARY (1.1) of a flex schedule, 8333 nL/h for 23 h and\n'
                                               '83333 nL/h for 1 h: 274992 nL/day; concentration and dose unknown\n'
                                               '(0 and 0xFFFFFFFF), no refill date set', 'THERAPY_SUMMARY', 4680, 0,
          {'tsMs': T0 + 11000, 'pumpSerial': SERIAL, 'drugCode': 0, 'concentrationUgPerMl': 0,
           'dailyVolumeNl': 274992, 'dailyDoseUg': 0xFFFFFFFF, 'nextRefillDueTsMs': 0}),
        m('therapy-summary-stopped', 'THERAPY_SUMMARY (1.1) of a stopped pump: 0 nL/day, 0 ug/day, morphine',
          'THERAPY_SUMMARY', 4681, 0,
          {'tsMs': T0 + 12000, 'pumpSerial': SERIAL, 'drugCode': 2, 'concentrationUgPerMl': 10000,
           'dailyVolumeNl': 0, 'dailyDoseUg': 0, 'nextRefillDueTsMs': T0 + 30 * 86_400_000}),
        m('log-entry-refill-accounting', 'LOG_ENTRY REFILL_ACCOUNTING (1.1) after log-entry-refill: 17850 uL counted\n'
                                         'as delivered since the previous refill, 20000 uL then, 1440 h ago',
          'LOG_ENTRY', 4682, RELIABLE,
          {'tsMs': 1764547200000, 'pumpSerial': SERIAL, 'sessionId': SESSION, 'index': 1, 'eventCode': 8,
           'a': 17850, 'b': 20000, 'c': 1440}),
        m('request-interrogation', 'G->P REQUEST_INTERROGATION', 'REQUEST_INTERROGATION', 3, RELIABLE,
          {'requestId': 1001}),
        m('request-status', 'G->P REQUEST_STATUS, request id at the top of the u32 range', 'REQUEST_STATUS', 4,
          RELIABLE, {'requestId': 0xFFFFFFFF}),
        m('command-result-busy', 'COMMAND_RESULT BUSY for request 1001', 'COMMAND_RESULT', 4678, RELIABLE,
          {'requestId': 1001, 'resultCode': 2}),
        m('hello-longer-payload', 'NON-CANONICAL: HELLO of a minor revision with 5 payload bytes more than the\n'
                                  '27 required; they are ignored and the re-encoded form is the 27-byte one',
          'HELLO', 100, RELIABLE, hello, extra=bytes([0x2a, 0x00, 0x01, 0xff, 0x07])),
        m('heartbeat-longer-payload', 'NON-CANONICAL: HEARTBEAT with 2 extra payload bytes', 'HEARTBEAT', 4679, 0,
          {'uptimeMs': 123_456}, extra=bytes([0x55, 0x55])),
    ]
    blocks += frame_level_vectors()
    return blocks


def frame_level_vectors():
    """Runs of 254 and more non-zero bytes, which no message type's canonical payload can hold."""
    unknown, flags, seq = 0x7F, RELIABLE, 0x1234  # non-zero header bytes except the reserved one
    p300 = nonzero_payload(300, seq, flags, unknown)
    p500 = nonzero_payload(500, seq, flags, unknown)
    p1024 = nonzero_payload(1024, seq, flags, unknown)
    frame500 = wire(frame_bytes(unknown, flags, seq, p500))
    # the 508-byte run from seq to CRC is two full blocks: ... 0xFF block, 0xFF block, final 0x01, delimiter
    assert frame500[-2:] == b'\x01\x00' and frame500[-2 - 254 - 1] == 0xFF
    shorter = frame500[:-2] + b'\x00'
    return [
        frame_vector('frame-unknown-type-300-nonzero', 'Unknown type 0x7f, 300-byte non-zero payload: a 0xFF block\n'
                     'in mid-frame (run of 308 from seq to CRC)', unknown, flags, seq, p300),
        frame_vector('frame-run-ends-at-block-boundary', 'Unknown type 0x7f, 500-byte non-zero payload: the frame\n'
                     'ends right after two full 254-byte blocks, so the final code 0x01 follows', unknown, flags,
                     seq, p500),
        frame_vector('frame-run-ends-at-block-boundary-short-form', 'NON-CANONICAL: the same frame without the\n'
                     'final 0x01, which decoders accept', unknown, flags, seq, p500, sent=shorter),
        frame_vector('frame-maximum-payload', 'Unknown type 0x7f with the maximum 1024-byte non-zero payload\n'
                     '(1036-byte frame, 1042 bytes on the wire)', unknown, flags, seq, p1024),
    ]


def write(file_name, title, blocks):
    text = HEADER + f'#\n# {title}\n\n' + '\n\n'.join(blocks) + '\n'
    (HERE / file_name).write_text(text, encoding='ascii')
    print(f'{file_name}: {len(blocks)} vectors')


def main():
    assert crc32c(b'123456789') == 0xE3069283
    assert cobs_encode(b'') == b'\x01' and cobs_encode(b'\x00') == b'\x01\x01'
    assert cobs_encode(bytes(range(1, 255))) == b'\xff' + bytes(range(1, 255)) + b'\x01'
    write('icd-section5.vectors', 'Every vector of ICD section 5 (docs/protocol.md section 5), bytes exactly as\n'
          '# printed.',
          icd_vectors(ICD_VECTORS, 5))
    write('icd-section6.vectors', 'Every vector of ICD section 6, revision 1.1 (docs/protocol.md section 6), bytes\n'
          '# exactly as printed.', icd_vectors(ICD_11_VECTORS, 6))
    write('per-type.vectors', 'Vectors for each of the 18 message types, both directions where both exist.',
          per_type_vectors())


if __name__ == '__main__':
    main()
