"""A lean run of Lark's own LALR tables, for pages that parse without error.

Profiling showed Lark's per-token machinery (lexer thread, line counting,
parser-state objects) costing more than the regexes and the records. This
driver reads the *same* tables, tries the *same* terminals of each state in
the *same* order as the contextual lexer (each terminal compiled once, not
once per state) and calls the *same* callbacks (the transformer) as
``Lark.parse``, in one loop. It answers only when the text parses cleanly;
on any error it returns ``None`` and the caller asks Lark itself, which
raises the located error or runs lenient recovery. So results are Lark's by
construction, and ``tests/test_driver.py`` checks it.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any, cast

from lark import Lark, Token
from lark.exceptions import UnexpectedInput
from lark.grammar import Rule
from lark.lexer import BasicLexer, ContextualLexer, _create_unless
from lark.parse_tree_builder import ChildFilter
from lark.parsers.lalr_analysis import Shift
from lark.tree import ParseTree

# A state's lexer: its terminals as (name, match), in the order tried, and its token callbacks.
_StateLexer = tuple[tuple[tuple[str, Callable[..., Any]], ...], dict[str, Callable[[Token], Token]]]


# For each parser state: token type -> the state to shift to, or -> the reduction
# to make first (children count, the rule's name for the goto, and what builds the
# value from the children: a callable, or None for "the children list itself").
_Build = Callable[[list[Any]], Any] | None
_Reduce = tuple[int, str, _Build]
_Actions = dict[str, "int | _Reduce"]


class _Unsupported(Exception):
    """A callback shape this driver does not reproduce: use Lark's callbacks unchanged."""


def _splice(include: list[tuple[int, bool]], builder: _Build) -> Callable[[list[Any]], Any]:
    """Lark's child filter (``ChildFilterLALR_NoPlaceholders``) for one rule.

    ``include`` lists the kept children and whether each is an inlined ``_rule``,
    whose value here is a plain list to splice in (instead of Lark's throwaway
    ``Tree``). Like Lark's, it reuses the first spliced list: LALR never shares them.
    """
    if include == [(0, True), (1, True)]:  # right- or left-recursive _rule pairs

        def pair(children: list[Any]) -> Any:
            spliced: list[Any] = children[0]
            spliced += children[1]
            return spliced if builder is None else builder(spliced)

        return pair

    def generic(children: list[Any]) -> Any:
        spliced: list[Any] = []
        for index, expand in include:
            if expand:
                if spliced:
                    spliced += children[index]
                else:
                    spliced = children[index]
            else:
                spliced.append(children[index])
        return spliced if builder is None else builder(spliced)

    return generic


def _build(rule: Rule, callback: Any, transformer: object) -> _Build:
    """What builds ``rule``'s value: Lark's callback, re-expressed with lists for ``_rules``."""
    name = rule.alias or rule.options.template_source or rule.origin.name
    size = len(rule.expansion)
    include: list[tuple[int, bool]] | None
    if isinstance(callback, ChildFilter):
        if getattr(callback, "append_none", 0):
            raise _Unsupported(name)
        include = []
        for item in callback.to_include:
            if len(item) == 3 and item[2]:  # placeholders: not in this grammar's options
                raise _Unsupported(name)
            include.append((item[0], bool(item[1])))
        builder: _Build = callback.node_builder
    else:
        include, builder = None, callback
    if rule.origin.name.startswith("_"):
        # Lark turns an inlined rule into a Tree for its parent to splice; only the
        # default builder (no transformer method) can be replaced by a list.
        default = isinstance(builder, partial) and builder.args == (name,) and not builder.keywords
        if not default or getattr(transformer, name, None) is not None:
            raise _Unsupported(name)
        builder = None
    if include is None or include == [(i, False) for i in range(size)]:
        return builder
    return _splice(include, builder)


def _builds(table: Any, callbacks: dict[Any, Any], transformer: object) -> dict[Any, _Build]:
    """Every reduced rule's builder, or Lark's own callbacks if any rule is unusual."""
    rules = {
        arg for row in table.states.values() for action, arg in row.values() if action is not Shift
    }
    try:
        return {rule: _build(rule, callbacks[rule], transformer) for rule in rules}
    except _Unsupported:
        return {rule: callbacks[rule] for rule in rules}


class Driver:
    """Parses ``start`` with a built Lark (LALR, contextual lexer, no %ignore, no postlex)."""

    def __init__(self, lark: Lark, start: str) -> None:
        frontend = lark.parser
        lexer = getattr(frontend, "lexer", None)
        self.usable = (
            lark.options.parser == "lalr"
            and isinstance(lexer, ContextualLexer)
            and not lark.lexer_conf.ignore
            and not lark.lexer_conf.callbacks
            and lark.lexer_conf.postlex is None
        )
        table = frontend.parser.parser.parse_table
        callbacks = frontend.parser.parser.callbacks
        transformer = lark.options.transformer
        # Terminals with a parser callback are left to Lark (this grammar has none).
        self.usable = self.usable and not any(isinstance(key, str) for key in callbacks)
        builds = _builds(table, callbacks, transformer)
        self.actions: dict[int, _Actions] = {
            state: {
                name: arg if action is Shift else (len(arg.expansion), arg.origin.name, builds[arg])
                for name, (action, arg) in row.items()
            }
            for state, row in table.states.items()
        }
        self.usable = self.usable and not start.startswith("_")
        self.start_state: int = table.start_states[start]
        self.end_state: int = table.end_states[start]
        self.lexers = lexer.lexers if isinstance(lexer, ContextualLexer) else {}
        self.state_lexers: dict[int, _StateLexer] = {}

    def _state_lexer(self, state: int) -> _StateLexer:
        """The state's terminals, in the order its scanner would try them, each compiled once.

        Lark's scanner joins a state's terminals into one alternation, so a terminal is
        compiled again for every state that allows it; the keys (thousands of spellings)
        stand in most. Tried one by one, first match wins, as in the alternation. A
        terminal is compiled when it is first tried (a page whose text has no colon never
        tries TEXT), and then stands in the state's entry in place of its compiler.
        """
        basic = cast(BasicLexer, self.lexers[state])
        # The scanner's own list: string terminals a regex also matches become its
        # callbacks. (Lexer callbacks of the user's make the driver unusable.)
        terminals, callbacks = _create_unless(  # type: ignore[no-untyped-call]
            basic.terminals, basic.g_regex_flags, basic.re, basic.use_bytes
        )
        names = [terminal.name for terminal in terminals]
        patterns = [terminal.pattern.to_regexp() for terminal in terminals]

        def compiler(index: int) -> Callable[[str, int], Any]:
            def compile_and_match(text: str, pos: int) -> Any:
                match = basic.re.compile(patterns[index], basic.g_regex_flags).match
                matchers = list(self.state_lexers[state][0])
                matchers[index] = (names[index], match)
                self.state_lexers[state] = (tuple(matchers), callbacks)
                return match(text, pos)

            return compile_and_match

        entry = (tuple((name, compiler(i)) for i, name in enumerate(names)), callbacks)
        self.state_lexers[state] = entry
        return entry

    def parse(self, text: str) -> Any | None:
        """The transformer's result, or None if the text does not parse cleanly."""
        if not self.usable:
            return None
        try:
            return self._run(text)
        except Exception:  # the caller re-parses with Lark, which reports it properly
            return None

    def _run(self, text: str) -> Any | None:  # noqa: PLR0915 - one flat loop, for speed
        actions: dict[int, dict[str, Any]] = self.actions
        state_lexers = self.state_lexers
        new_str = str.__new__
        state = self.start_state
        state_stack = [state]
        value_stack: list[Any] = []
        pos = 0
        end = len(text)
        while pos < end:
            matchers, lexer_callbacks = state_lexers.get(state) or self._state_lexer(state)
            for kind, match in matchers:  # noqa: B007 - the kind that matched is used below
                found = match(text, pos)
                if found is not None:
                    break
            else:
                return None
            # Token(type, value, start_pos), without Token.__new__'s two extra calls.
            value = found.group()
            if not value:
                return None  # a zero-width match would never advance
            token = new_str(Token, value)
            token.type = kind
            token.value = value
            token.start_pos = pos
            token.line = token.column = token.end_line = token.end_column = None
            pos = token.end_pos = found.end()
            if lexer_callbacks and kind in lexer_callbacks:
                token = lexer_callbacks[kind](token)
                kind = token.type
            while True:  # feed the token: reduce as needed, then shift it
                action = actions[state][kind]
                if action.__class__ is int:
                    state = action
                    state_stack.append(state)
                    value_stack.append(token)
                    break
                size, origin, build = action
                if size == 1:
                    state_stack.pop()
                    children = [value_stack.pop()]
                elif size:
                    children = value_stack[-size:]
                    del state_stack[-size:]
                    del value_stack[-size:]
                else:
                    children = []
                value_stack.append(children if build is None else build(children))
                state = actions[state_stack[-1]][origin]
                state_stack.append(state)
        while True:  # the end of the text: reduce until the start rule is complete
            action = actions[state]["$END"]
            if action.__class__ is int:
                return None
            size, origin, build = action
            if size:
                children = value_stack[-size:]
                del state_stack[-size:]
                del value_stack[-size:]
            else:
                children = []
            value_stack.append(children if build is None else build(children))
            state = actions[state_stack[-1]][origin]
            state_stack.append(state)
            if state == self.end_state:
                return value_stack[-1]


class FastLark(Lark):
    """A Lark whose ``parse`` first tries the lean driver, and is plain Lark otherwise.

    Errors, ``on_error`` recovery and the interactive parser are all Lark's own.
    """

    _drivers: dict[str, Driver]

    def parse(
        self,
        text: Any,
        start: str | None = None,
        on_error: Callable[[UnexpectedInput], bool] | None = None,
    ) -> ParseTree:
        if isinstance(text, str) and start is not None:
            drivers = self.__dict__.setdefault("_drivers", {})
            driver = drivers.get(start) or drivers.setdefault(start, Driver(self, start))
            result = driver.parse(text)
            if result is not None:
                return cast(ParseTree, result)
        return super().parse(text, start, on_error)
