import { describe, expect, it } from '@jest/globals';
import { SseParser } from './sse-parser.util';

describe('SseParser', () => {
  it('parses events split across chunks anywhere, and skips comments', () => {
    const parser = new SseParser();
    const text = ': connected\n\nid: 7\nevent: vm.state\ndata: {"a":1}\n\n: ping\n\nid: 8\r\nevent: task.progress\r\ndata: x\r\ndata: y\r\n\r\n';
    const messages = [];
    for (let i = 0; i < text.length; i += 3) messages.push(...parser.push(text.slice(i, i + 3)));
    expect(messages).toEqual([
      { id: '7', event: 'vm.state', data: '{"a":1}' },
      { id: '8', event: 'task.progress', data: 'x\ny' },
    ]);
  });

  it('keeps the last id for events without one and defaults the event name', () => {
    const parser = new SseParser();
    expect(parser.push('id: 3\ndata: a\n\ndata:b\n\n')).toEqual([
      { id: '3', event: 'message', data: 'a' },
      { id: '3', event: 'message', data: 'b' },
    ]);
  });
});
