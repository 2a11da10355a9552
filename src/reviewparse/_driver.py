"""A lean run of Lark's own LALR tables, for pages that parse without error.

Profiling showed Lark's per-token machinery (lexer thread, line counting,
parser-state objects) costing more than the regexes and the records. This
driver reads the *same* tables, the *same* per-state contextual-lexer regexes
and calls the *same* callbacks (the transformer) as ``Lark.parse``, in one
loop. It answers only when the text parses cleanly; on any error it returns
``None`` and the caller asks Lark itself, which raises the located error or
runs lenient recovery. So results are Lark's by construction, and
``tests/test_driver.py`` checks it.
"""

from __future__ import annotations

from collections.abc import Callable
from copy import copy
from functools import partial
from typing import Any, cast

from lark import Lark, Token
from lark.exceptions import UnexpectedInput
from lark.grammar import Rule
from lark.lexer import BasicLexer, ContextualLexer
from lark.parse_tree_builder import ChildFilter
from lark.parsers.lalr_analysis import Shift
from lark.tree import ParseTree

# A state's lexer: its compiled alternatives' match methods and its token callbacks.
_StateLexer = tuple[tuple[Callable[..., Any], ...], dict[str, Callable[[Token], Token]]]


# For each parser state: token type -> the state to shift to, or -> the reduction
# to make first (children count, the rule's name for the goto, the rule's callback).
_Reduce = tuple[int, str, Callable[[list[Any]], Any]]
_Actions = dict[str, "int | _Reduce"]


class _Inlined:
    """What an inlined ``_rule`` hands its parent: the parent's child filter reads ``.children``.

    Lark builds a whole ``Tree`` (through ``Transformer.__default__``) that the
    parent splices and drops; this page grammar reduces ~50 such rules a page.
    """

    __slots__ = ("children",)

    def __init__(self, children: list[Any]) -> None:
        self.children = children


def _lean(rule: Rule, callback: Callable[[list[Any]], Any], transformer: object) -> Any:
    """The rule's callback, with an inlined rule's throwaway Tree replaced by ``_Inlined``.

    Only for ``_rules`` the transformer has no method for, and only when the
    callback is Lark's plain default (possibly behind its child filter); anything
    else is kept as Lark made it.
    """
    name = rule.alias or rule.options.template_source or rule.origin.name
    if not rule.origin.name.startswith("_") or getattr(transformer, name, None) is not None:
        return callback

    def is_default(builder: object) -> bool:
        return isinstance(builder, partial) and builder.args == (name,) and not builder.keywords

    if is_default(callback):
        return _Inlined
    if isinstance(callback, ChildFilter) and is_default(callback.node_builder):
        lean = copy(callback)
        lean.node_builder = _Inlined
        return lean
    return callback


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
        self.actions: dict[int, _Actions] = {
            state: {
                name: arg
                if action is Shift
                else (len(arg.expansion), arg.origin.name, _lean(arg, callbacks[arg], transformer))
                for name, (action, arg) in row.items()
            }
            for state, row in table.states.items()
        }
        self.start_state: int = table.start_states[start]
        self.end_state: int = table.end_states[start]
        self.lexers = lexer.lexers if isinstance(lexer, ContextualLexer) else {}
        self.state_lexers: dict[int, _StateLexer] = {}

    def _state_lexer(self, state: int) -> _StateLexer:
        basic = cast(BasicLexer, self.lexers[state])
        scanner = basic.scanner  # builds the alternatives and basic.callback on first use
        entry = (tuple(mre.match for mre in scanner._mres), dict(basic.callback))
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
            found = matchers[0](text, pos)
            if found is None:
                for match in matchers[1:]:  # grammars with more than ~100 terminals
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
            kind = token.type = found.lastgroup
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
                size, origin, callback = action
                if size == 1:
                    state_stack.pop()
                    value_stack.append(callback([value_stack.pop()]))
                elif size:
                    children = value_stack[-size:]
                    del state_stack[-size:]
                    del value_stack[-size:]
                    value_stack.append(callback(children))
                else:
                    value_stack.append(callback([]))
                state = actions[state_stack[-1]][origin]
                state_stack.append(state)
        while True:  # the end of the text: reduce until the start rule is complete
            action = actions[state]["$END"]
            if action.__class__ is int:
                return None
            size, origin, callback = action
            if size:
                children = value_stack[-size:]
                del state_stack[-size:]
                del value_stack[-size:]
            else:
                children = []
            value_stack.append(callback(children))
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
