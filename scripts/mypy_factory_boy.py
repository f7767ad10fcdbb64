"""A mypy plugin for factory_boy: calling a factory returns the model it makes.

``PersonFactory(...)`` goes through factory_boy's untyped metaclass, so mypy would type the
result as the factory itself. Every factory here subclasses ``DjangoModelFactory[Model]``; this
plugin types the call as that ``Model``, as ``PersonFactory.create(...)`` already is.
"""

from __future__ import annotations

from collections.abc import Callable

from mypy.maptype import map_instance_to_supertype
from mypy.nodes import TypeInfo
from mypy.plugin import FunctionContext, Plugin
from mypy.types import Instance, Type

BASE_FACTORY = "factory.base.BaseFactory"


def _made_by(info: TypeInfo) -> Callable[[FunctionContext], Type]:
    def made(ctx: FunctionContext) -> Type:
        base = info.mro[[b.fullname for b in info.mro].index(BASE_FACTORY)]
        factory_type = map_instance_to_supertype(Instance(info, []), base)
        return factory_type.args[0] if factory_type.args else ctx.default_return_type

    return made


class FactoryBoyPlugin(Plugin):
    def get_function_hook(self, fullname: str) -> Callable[[FunctionContext], Type] | None:
        symbol = self.lookup_fully_qualified(fullname)
        if symbol is None or not isinstance(symbol.node, TypeInfo):
            return None
        info = symbol.node
        if info.fullname == BASE_FACTORY or not info.has_base(BASE_FACTORY):
            return None
        return _made_by(info)


def plugin(version: str) -> type[Plugin]:
    return FactoryBoyPlugin
