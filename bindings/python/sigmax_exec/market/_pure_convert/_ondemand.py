"""What simdjson's On-Demand front end (3.0, as src/market/binance_message.cpp
drives it) accepts of a JSON text that is not strictly valid, and the values
it then reads: the fall-back of the Binance line parser when Python's json
module refuses a line.

On-Demand validates less than a full parser. Its first stage checks the
whole text (UTF-8, strings closed, no control character inside a string)
and indexes the "structural" tokens; the iteration then checks only what it
walks through: keys, colons and commas of the objects and arrays it
iterates, and the values it reads. A value it skips (a field the reader does
not need) is passed over by counting brackets, so `"x":tru` or `"x":[1}` are
accepted there. Document emulates exactly that, token by token:

- stage 1 (simdjson's generic json_scanner / json_string_scanner): the
  escaped characters, the string regions, and the structural starts: the
  operators {}[],: and the first character of every run of non-operator,
  non-white-space characters (a quote right after such a character does
  not start a token), outside strings;
- the iterator (json_iterator / value_iterator): the depth counting of
  skip_child(), start_container(), has_next_field(), has_next_element(),
  the root object's "last token is }" check, and the scalar parsers of
  get_string() (unescape), get_uint64() and get_bool().

Every refusal raises OnDemandError; the caller reports it as malformed JSON.
"""
from __future__ import annotations

import json
from typing import Dict, Iterator, List, Optional, Tuple

_QUOTE, _BACKSLASH = 0x22, 0x5C
_LBRACE, _RBRACE, _LBRACKET, _RBRACKET, _COMMA, _COLON = 0x7B, 0x7D, 0x5B, 0x5D, 0x2C, 0x3A
_OPS = frozenset(b"{}[],:")
_SPACE = frozenset(b" \t\n\r")
_PAST_END = -1  # what a read past the last token finds: the line's "\n" (or "\r", or the padding)
# Characters that may end an integer (simdjson's integer_string_finisher: SUCCESS).
_NUMBER_END = frozenset(b" \t\n\r,:[]{}")
_UINT64_MAX = (1 << 64) - 1


class OnDemandError(Exception):
    """simdjson refuses the text (the reason in words)."""


class Document:
    """One JSON text as simdjson On-Demand iterates it: `tokens` are the
    byte offsets of the structural starts, `depth` the iterator's depth
    (the root object is at depth 1)."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.tokens, self._closing = _stage1(data)
        self.index = 0
        self.depth = 1

    # -- tokens -----------------------------------------------------------

    def peek(self, ahead: int = 0) -> int:
        i = self.index + ahead
        return self.data[self.tokens[i]] if i < len(self.tokens) else _PAST_END

    def advance(self) -> int:
        c = self.peek()
        self.index += 1
        return c

    def at_end(self) -> bool:
        return self.index >= len(self.tokens)

    # -- containers ---------------------------------------------------------

    def start_root_object(self) -> bool:
        """The document's object (True if it has fields): its first token must
        be "{" and its last "}" (started_root_object)."""
        if self.peek() != _LBRACE:
            raise OnDemandError("not an object")
        self.advance()
        if self.data[self.tokens[-1]] != _RBRACE:
            raise OnDemandError("missing } at end")
        return self._started(_RBRACE, 1)

    def start_object(self, depth: int) -> bool:
        """The object value at the current token, iterated at `depth`."""
        if self.peek() != _LBRACE:
            raise OnDemandError("not an object")
        self.advance()
        return self._started(_RBRACE, depth)

    def start_array(self, depth: int) -> bool:
        if self.peek() != _LBRACKET:
            raise OnDemandError("not an array")
        self.advance()
        if self.peek() == _RBRACKET:
            self.advance()
            self.depth = depth - 1
            return False
        self.depth = depth + 1
        return True

    def _started(self, close: int, depth: int) -> bool:
        if self.peek() == close:
            self.advance()
            self.depth = depth - 1
            return False
        return True

    def fields(self, depth: int) -> Iterator[str]:
        """The keys of the object at `depth`, each yielded with the iterator
        at its value (depth + 1); a value the caller did not read is skipped
        before the next key (object_iterator)."""
        while self.depth >= depth:
            if self.advance() != _QUOTE:
                raise OnDemandError("object key is not a string")
            key_token = self.index - 1
            if self.advance() != _COLON:
                raise OnDemandError("missing colon in object field")
            self.depth = depth + 1
            yield self.unescape(key_token)
            if self.depth < depth:
                return
            self.skip_child(depth)
            c = self.advance()
            if c == _RBRACE:
                self.depth = depth - 1
            elif c != _COMMA:
                raise OnDemandError("missing comma between object fields")

    def elements(self, depth: int) -> Iterator[int]:
        """The elements of the array at `depth` (after start_array()), each
        yielded with the iterator at it (depth + 1); an element not read is
        skipped (array_iterator)."""
        while self.depth >= depth:
            yield depth + 1
            self.skip_child(depth)
            c = self.advance()
            if c == _RBRACKET:
                self.depth = depth - 1
            elif c == _COMMA:
                self.depth = depth + 1
            else:
                raise OnDemandError("missing comma between array elements")

    def skip_child(self, parent: int) -> None:
        """json_iterator::skip_child(): passes over the rest of the value the
        iterator is in, by brackets alone."""
        if self.depth <= parent:
            return
        c = self.advance()
        if c in (_LBRACKET, _LBRACE, _COLON, _COMMA):
            pass
        elif c in (_RBRACKET, _RBRACE):
            self.depth -= 1
            if self.depth <= parent:
                return
        elif c == _QUOTE and self.peek() == _COLON:
            self.advance()  # a key
        else:
            self.depth -= 1  # a scalar
            if self.depth <= parent:
                return
        while self.index < len(self.tokens):
            c = self.advance()
            if c in (_LBRACKET, _LBRACE):
                self.depth += 1
            elif c in (_RBRACKET, _RBRACE):
                self.depth -= 1
                if self.depth <= parent:
                    return
        raise OnDemandError("not enough close braces")

    # -- scalars (the iterator at the value, at `depth`) -------------------------

    def value_type(self) -> str:
        """value_iterator::type(): "object", "array", "string", "null",
        "boolean" or "number" by the first character."""
        c = self.peek()
        if c == _LBRACE:
            return "object"
        if c == _LBRACKET:
            return "array"
        if c == _QUOTE:
            return "string"
        if c == 0x6E:  # n
            return "null"
        if c in (0x74, 0x66):  # t f
            return "boolean"
        if c == 0x2D or 0x30 <= c <= 0x39:
            return "number"
        raise OnDemandError("not a JSON value")

    def get_string(self, depth: int) -> Optional[str]:
        """The string value, unescaped; None if the value is not a string."""
        if self.peek() != _QUOTE:
            return None
        token = self.index
        self.advance()
        self.depth = depth - 1
        return self.unescape(token)

    def get_uint64(self, depth: int) -> Optional[int]:
        """The value as an unsigned 64-bit integer (numberparsing::parse_unsigned); None if not one."""
        if self.index >= len(self.tokens):
            return None
        data, start = self.data, self.tokens[self.index]
        end = start
        while end < len(data) and 0x30 <= data[end] <= 0x39:
            end += 1
        digits = end - start
        if digits == 0 or digits > 20 or (data[start] == 0x30 and digits > 1):
            return None
        if end < len(data) and data[end] not in _NUMBER_END:
            return None
        value = int(data[start:end])
        if value > _UINT64_MAX:
            return None
        self.advance()
        self.depth = depth - 1
        return value

    def get_bool(self, depth: int) -> Optional[bool]:
        """true or false followed by white space or an operator; None otherwise."""
        if self.index >= len(self.tokens):
            return None
        data, start = self.data, self.tokens[self.index]
        for word, value in ((b"true", True), (b"false", False)):
            end = start + len(word)
            if data[start:end] == word and (end >= len(data) or data[end] in _NUMBER_END):
                self.advance()
                self.depth = depth - 1
                return value
        return None

    def unescape(self, token: int) -> str:
        """The string starting at token `token`, unescaped as simdjson's
        parse_string() does (the escapes JSON allows; a \\u escape of a lone
        surrogate is an error)."""
        start = self.tokens[token]
        content = self.data[start:self._closing[start] + 1]
        try:
            text = json.loads(content)
            text.encode("utf-8")  # a lone surrogate does not encode: simdjson refuses it
        except (ValueError, UnicodeEncodeError):
            raise OnDemandError("bad string") from None
        assert isinstance(text, str)
        return text

    def finished(self) -> bool:
        """No token left after the root object (document::current_location())."""
        return self.at_end()


def _stage1(data: bytes) -> Tuple[List[int], Dict[int, int]]:
    """The structural starts of `data` and, for each opening quote, where its
    string closes; OnDemandError where simdjson's first stage fails (invalid
    UTF-8, an unclosed string, a control character inside a string, no
    token at all)."""
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        raise OnDemandError("invalid UTF-8") from None
    tokens: List[int] = []
    closing: Dict[int, int] = {}
    in_string = False
    escaped = False          # this character follows an unescaped backslash
    follows_scalar = False   # the previous character is a non-quote scalar character (outside operators/space)
    opened = 0
    for i, c in enumerate(data):
        is_quote = c == _QUOTE and not escaped
        escaped = c == _BACKSLASH and not escaped
        if is_quote:
            in_string = not in_string
            if in_string:
                opened = i
            else:
                closing[opened] = i
        string_tail = in_string != is_quote  # inside a string after its opening quote, or its closing quote
        if in_string and not is_quote and c <= 0x1F:
            raise OnDemandError("unescaped control character in a string")
        is_op = c in _OPS
        scalar = not is_op and c not in _SPACE
        if not string_tail and (is_op or (scalar and not follows_scalar)):
            tokens.append(i)
        follows_scalar = scalar and not is_quote
    if in_string:
        raise OnDemandError("unclosed string")
    if not tokens:
        raise OnDemandError("empty")
    return tokens, closing
