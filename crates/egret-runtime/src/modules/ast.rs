//! `_ast`: the classes of Python's abstract syntax tree (the table below
//! lists each node class with its base, `_fields`, `_attributes` and the
//! optional fields that default to None, as in CPython 3.11's grammar).
//! Parsing source into these nodes (`ast.parse`) is `ast_parse`'s work;
//! compiling them (`compile(tree, ...)`) is `ast_compile`'s.

use crate::object::Value;
use crate::object::types::types;
use crate::objects::dict::{DictData, DictTable};
use crate::objects::function::NativeFn;
use crate::objects::str::new_str;
use crate::objects::tuple::new_tuple;
use crate::vm::{PyResult, Vm};

type Row = (
    &'static str,
    &'static str,
    &'static [&'static str],
    &'static [&'static str],
    &'static [&'static str],
);

const NODES: &[Row] = &[
    ("AST", "", &[], &[], &[]),
    ("operator", "AST", &[], &[], &[]),
    ("Add", "operator", &[], &[], &[]),
    ("boolop", "AST", &[], &[], &[]),
    ("And", "boolop", &[], &[], &[]),
    (
        "stmt",
        "AST",
        &[],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["end_lineno", "end_col_offset"],
    ),
    (
        "AnnAssign",
        "stmt",
        &["target", "annotation", "value", "simple"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["value"],
    ),
    (
        "Assert",
        "stmt",
        &["test", "msg"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["msg"],
    ),
    (
        "Assign",
        "stmt",
        &["targets", "value", "type_comment"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["type_comment"],
    ),
    (
        "AsyncFor",
        "stmt",
        &["target", "iter", "body", "orelse", "type_comment"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["type_comment"],
    ),
    (
        "AsyncFunctionDef",
        "stmt",
        &[
            "name",
            "args",
            "body",
            "decorator_list",
            "returns",
            "type_comment",
        ],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["returns", "type_comment"],
    ),
    (
        "AsyncWith",
        "stmt",
        &["items", "body", "type_comment"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["type_comment"],
    ),
    (
        "expr",
        "AST",
        &[],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["end_lineno", "end_col_offset"],
    ),
    (
        "Attribute",
        "expr",
        &["value", "attr", "ctx"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "AugAssign",
        "stmt",
        &["target", "op", "value"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "Await",
        "expr",
        &["value"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "BinOp",
        "expr",
        &["left", "op", "right"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    ("BitAnd", "operator", &[], &[], &[]),
    ("BitOr", "operator", &[], &[], &[]),
    ("BitXor", "operator", &[], &[], &[]),
    (
        "BoolOp",
        "expr",
        &["op", "values"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "Break",
        "stmt",
        &[],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "Call",
        "expr",
        &["func", "args", "keywords"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "ClassDef",
        "stmt",
        &["name", "bases", "keywords", "body", "decorator_list"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "Compare",
        "expr",
        &["left", "ops", "comparators"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "Constant",
        "expr",
        &["value", "kind"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["kind"],
    ),
    (
        "Continue",
        "stmt",
        &[],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    ("expr_context", "AST", &[], &[], &[]),
    ("Del", "expr_context", &[], &[], &[]),
    (
        "Delete",
        "stmt",
        &["targets"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "Dict",
        "expr",
        &["keys", "values"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "DictComp",
        "expr",
        &["key", "value", "generators"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    ("Div", "operator", &[], &[], &[]),
    ("cmpop", "AST", &[], &[], &[]),
    ("Eq", "cmpop", &[], &[], &[]),
    (
        "excepthandler",
        "AST",
        &[],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["end_lineno", "end_col_offset"],
    ),
    (
        "ExceptHandler",
        "excepthandler",
        &["type", "name", "body"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["type", "name"],
    ),
    (
        "Expr",
        "stmt",
        &["value"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    ("mod", "AST", &[], &[], &[]),
    ("Expression", "mod", &["body"], &[], &[]),
    ("FloorDiv", "operator", &[], &[], &[]),
    (
        "For",
        "stmt",
        &["target", "iter", "body", "orelse", "type_comment"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["type_comment"],
    ),
    (
        "FormattedValue",
        "expr",
        &["value", "conversion", "format_spec"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["format_spec"],
    ),
    (
        "FunctionDef",
        "stmt",
        &[
            "name",
            "args",
            "body",
            "decorator_list",
            "returns",
            "type_comment",
        ],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["returns", "type_comment"],
    ),
    ("FunctionType", "mod", &["argtypes", "returns"], &[], &[]),
    (
        "GeneratorExp",
        "expr",
        &["elt", "generators"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "Global",
        "stmt",
        &["names"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    ("Gt", "cmpop", &[], &[], &[]),
    ("GtE", "cmpop", &[], &[], &[]),
    (
        "If",
        "stmt",
        &["test", "body", "orelse"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "IfExp",
        "expr",
        &["test", "body", "orelse"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "Import",
        "stmt",
        &["names"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "ImportFrom",
        "stmt",
        &["module", "names", "level"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["module", "level"],
    ),
    ("In", "cmpop", &[], &[], &[]),
    ("Interactive", "mod", &["body"], &[], &[]),
    ("unaryop", "AST", &[], &[], &[]),
    ("Invert", "unaryop", &[], &[], &[]),
    ("Is", "cmpop", &[], &[], &[]),
    ("IsNot", "cmpop", &[], &[], &[]),
    (
        "JoinedStr",
        "expr",
        &["values"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    ("LShift", "operator", &[], &[], &[]),
    (
        "Lambda",
        "expr",
        &["args", "body"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "List",
        "expr",
        &["elts", "ctx"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "ListComp",
        "expr",
        &["elt", "generators"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    ("Load", "expr_context", &[], &[], &[]),
    ("Lt", "cmpop", &[], &[], &[]),
    ("LtE", "cmpop", &[], &[], &[]),
    ("MatMult", "operator", &[], &[], &[]),
    (
        "Match",
        "stmt",
        &["subject", "cases"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "pattern",
        "AST",
        &[],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "MatchAs",
        "pattern",
        &["pattern", "name"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["pattern", "name"],
    ),
    (
        "MatchClass",
        "pattern",
        &["cls", "patterns", "kwd_attrs", "kwd_patterns"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "MatchMapping",
        "pattern",
        &["keys", "patterns", "rest"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["rest"],
    ),
    (
        "MatchOr",
        "pattern",
        &["patterns"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "MatchSequence",
        "pattern",
        &["patterns"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "MatchSingleton",
        "pattern",
        &["value"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "MatchStar",
        "pattern",
        &["name"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["name"],
    ),
    (
        "MatchValue",
        "pattern",
        &["value"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    ("Mod", "operator", &[], &[], &[]),
    ("Module", "mod", &["body", "type_ignores"], &[], &[]),
    ("Mult", "operator", &[], &[], &[]),
    (
        "Name",
        "expr",
        &["id", "ctx"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "NamedExpr",
        "expr",
        &["target", "value"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "Nonlocal",
        "stmt",
        &["names"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    ("Not", "unaryop", &[], &[], &[]),
    ("NotEq", "cmpop", &[], &[], &[]),
    ("NotIn", "cmpop", &[], &[], &[]),
    ("Or", "boolop", &[], &[], &[]),
    (
        "Pass",
        "stmt",
        &[],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    ("Pow", "operator", &[], &[], &[]),
    ("RShift", "operator", &[], &[], &[]),
    (
        "Raise",
        "stmt",
        &["exc", "cause"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["exc", "cause"],
    ),
    (
        "Return",
        "stmt",
        &["value"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["value"],
    ),
    (
        "Set",
        "expr",
        &["elts"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "SetComp",
        "expr",
        &["elt", "generators"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "Slice",
        "expr",
        &["lower", "upper", "step"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["lower", "upper", "step"],
    ),
    (
        "Starred",
        "expr",
        &["value", "ctx"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    ("Store", "expr_context", &[], &[], &[]),
    ("Sub", "operator", &[], &[], &[]),
    (
        "Subscript",
        "expr",
        &["value", "slice", "ctx"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "Try",
        "stmt",
        &["body", "handlers", "orelse", "finalbody"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "TryStar",
        "stmt",
        &["body", "handlers", "orelse", "finalbody"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "Tuple",
        "expr",
        &["elts", "ctx"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    ("type_ignore", "AST", &[], &[], &[]),
    ("TypeIgnore", "type_ignore", &["lineno", "tag"], &[], &[]),
    ("UAdd", "unaryop", &[], &[], &[]),
    ("USub", "unaryop", &[], &[], &[]),
    (
        "UnaryOp",
        "expr",
        &["op", "operand"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "While",
        "stmt",
        &["test", "body", "orelse"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "With",
        "stmt",
        &["items", "body", "type_comment"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["type_comment"],
    ),
    (
        "Yield",
        "expr",
        &["value"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["value"],
    ),
    (
        "YieldFrom",
        "expr",
        &["value"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &[],
    ),
    (
        "alias",
        "AST",
        &["name", "asname"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["asname", "end_lineno", "end_col_offset"],
    ),
    (
        "arg",
        "AST",
        &["arg", "annotation", "type_comment"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["annotation", "type_comment", "end_lineno", "end_col_offset"],
    ),
    (
        "arguments",
        "AST",
        &[
            "posonlyargs",
            "args",
            "vararg",
            "kwonlyargs",
            "kw_defaults",
            "kwarg",
            "defaults",
        ],
        &[],
        &["vararg", "kwarg"],
    ),
    (
        "comprehension",
        "AST",
        &["target", "iter", "ifs", "is_async"],
        &[],
        &[],
    ),
    (
        "keyword",
        "AST",
        &["arg", "value"],
        &["lineno", "col_offset", "end_lineno", "end_col_offset"],
        &["arg", "end_lineno", "end_col_offset"],
    ),
    (
        "match_case",
        "AST",
        &["pattern", "guard", "body"],
        &[],
        &["guard"],
    ),
    (
        "withitem",
        "AST",
        &["context_expr", "optional_vars"],
        &[],
        &["optional_vars"],
    ),
];

fn fields_of(vm: &mut Vm, obj: &Value) -> PyResult<Vec<Value>> {
    let ty = obj.class();
    match vm.lookup_attr(&ty, "_fields")? {
        Some(f) => vm.iterate(&f),
        None => Ok(Vec::new()),
    }
}

/// `AST.__init__(*args, **kwargs)`: positional arguments fill `_fields`
/// in order; keywords set attributes by name.
fn ast_init(vm: &mut Vm, a: &[Value], k: &[(Value, Value)]) -> PyResult {
    let obj = &a[0];
    let fields = fields_of(vm, obj)?;
    if a.len() - 1 > fields.len() {
        return Err(vm.type_error(format!(
            "{} constructor takes at most {} positional argument{}",
            obj.type_data().name,
            fields.len(),
            if fields.len() == 1 { "" } else { "s" }
        )));
    }
    let given = &fields[..(a.len() - 1).min(fields.len())];
    for (name, _) in k {
        let name_s = crate::interp::str_of(name);
        if given
            .iter()
            .any(|f| crate::objects::str::as_str(f) == Some(name_s.as_str()))
        {
            return Err(vm.type_error(format!(
                "{} got multiple values for argument '{}'",
                obj.type_data().name,
                name_s
            )));
        }
    }
    for (f, v) in fields.iter().zip(&a[1..]) {
        vm.setattr(obj, f, v.clone())?;
    }
    for (name, v) in k {
        vm.setattr(obj, name, v.clone())?;
    }
    Ok(vm.none())
}

fn ast_reduce(vm: &mut Vm, a: &[Value], _k: &[(Value, Value)]) -> PyResult {
    let d = match crate::protocols::attr::instance_dict(&a[0]) {
        Some(d) => d.into_owned(),
        None => vm.none(),
    };
    Ok(new_tuple(vec![
        a[0].class(),
        types().empty_tuple.clone(),
        d,
    ]))
}

pub fn make(vm: &mut Vm) -> Value {
    let t = types();
    let m = crate::objects::dict::new_dict(DictTable::new());
    let mut made: Vec<(&str, Value)> = Vec::new();
    for (name, base, fields, attrs, optional) in NODES {
        let base_ty = if base.is_empty() {
            t.object.clone()
        } else {
            made.iter()
                .find(|(n, _)| n == base)
                .map(|(_, v)| v.clone())
                .unwrap_or_else(|| t.object.clone())
        };
        let mut ns = DictTable::new();
        ns.set_str("__module__", new_str("ast"));
        ns.set_str(
            "_fields",
            new_tuple(fields.iter().map(|f| new_str(f)).collect()),
        );
        ns.set_str(
            "__match_args__",
            new_tuple(fields.iter().map(|f| new_str(f)).collect()),
        );
        if !attrs.is_empty() || base.is_empty() {
            ns.set_str(
                "_attributes",
                new_tuple(attrs.iter().map(|f| new_str(f)).collect()),
            );
        }
        for o in *optional {
            ns.set_str(o, t.none.clone());
        }
        let cls = crate::object::types::new_class(&t.type_, name, vec![base_ty], ns)
            .expect("an AST class");
        if base.is_empty() {
            let methods: &[(&'static str, NativeFn)] =
                &[("__init__", ast_init), ("__reduce__", ast_reduce)];
            for (n, f) in methods {
                cls.type_data_of_type()
                    .dict_mut()
                    .set_str(n, crate::objects::function::new_method_descr("AST", n, *f));
            }
        }
        if let Some(d) = m.downcast::<DictData>() {
            d.table.borrow_mut().set_str(name, cls.clone());
        }
        made.push((name, cls));
    }
    let _ = vm;
    let mut values: Vec<(&str, Value)> = made;
    values.push(("PyCF_ONLY_AST", crate::objects::int::from_i64(0x400)));
    values.push(("PyCF_TYPE_COMMENTS", crate::objects::int::from_i64(0x1000)));
    values.push((
        "PyCF_ALLOW_TOP_LEVEL_AWAIT",
        crate::objects::int::from_i64(0x2000),
    ));
    super::make_module("_ast", &[], values)
}
