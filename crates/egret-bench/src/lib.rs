//! Support for egret's criterion micro-benchmarks (`benches/micro.rs`):
//! running a snippet of Python repeatedly in one interpreter.

use std::rc::Rc;

use egret_runtime::objects::function::CodeRt;
use egret_runtime::{Options, Value, Vm};

/// A compiled snippet and the interpreter that runs it.
pub struct Snippet {
    vm: Vm,
    code: Rc<CodeRt>,
    ns: Value,
}

impl Snippet {
    /// Compiles `source` as a module for an interpreter without the JIT.
    /// Panics if it does not compile (the benchmarks' snippets are fixed).
    pub fn new(source: &str) -> Snippet {
        let mut vm = Vm::new(Options::default());
        let code = egret_compiler::compile_module(source, "<bench>")
            .unwrap_or_else(|e| panic!("benchmark snippet does not compile: {}", e.render()));
        let code = CodeRt::new(&mut vm, code);
        let ns = vm.main_namespace(None);
        Snippet { vm, code, ns }
    }

    /// Runs the snippet once in its namespace; panics if it raises.
    pub fn run(&mut self) {
        if let Err(e) = self.vm.run_code(self.code.clone(), self.ns.clone(), None) {
            panic!(
                "benchmark snippet raised: {}",
                self.vm.str_string(&e.exc).unwrap_or_default()
            );
        }
    }
}

/// The bytecode of function `name` defined at the top of `source`.
pub fn function_code(source: &str, name: &str) -> Rc<egret_bytecode::CodeObject> {
    let module = egret_compiler::compile_module(source, "<bench>").expect("compiles");
    module
        .consts
        .iter()
        .find_map(|c| match c {
            egret_bytecode::Const::Code(code) if code.name == name => Some(code.clone()),
            _ => None,
        })
        .expect("function defined at top level")
}
