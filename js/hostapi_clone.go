package js

import (
	"errors"

	"github.com/grafana/sobek"

	"github.com/extsim/extsim/js/jsvalue"
	"github.com/extsim/extsim/router/serial"
)

// installClone defines structuredClone(value, options): the value goes
// through jsvalue.ToSerial and serial.Serialize in structured-clone mode,
// exactly as a message would, and comes back with jsvalue.FromSerial in
// the same realm, so cycles, shared references, Maps, Sets, Dates,
// RegExps, ArrayBuffers, typed arrays and Errors keep their shape.
//
// A value that cannot be cloned throws a DOMException named
// "DataCloneError" with the message "Failed to execute 'structuredClone'
// on 'Window': <Type> object could not be cloned.", where <Type> is what
// serial reports: "Function", "Symbol", "Promise", "WeakMap", "Proxy", or
// a host object's class ("URL"). Chrome writes a function's source and a
// symbol's description instead ("function f() {} could not be cloned.");
// the shorter form is Firefox's. Nesting too deep throws Chrome's
// RangeError "Maximum call stack size exceeded". A getter that throws
// propagates its exception. options.transfer is ignored: nothing is
// detached.
func (a *hostAPI) installClone() {
	what := "Failed to execute 'structuredClone' on '" + a.scope + "'"
	a.global("structuredClone", 1, func(call sobek.FunctionCall) sobek.Value {
		a.need(call, 1, what)
		v, err := jsvalue.ToSerial(a.rt, call.Arguments[0], serial.StructuredClone)
		if err == nil {
			var m serial.Message
			m, err = serial.Serialize(serial.StructuredClone, v, 0)
			v = m.Value
		}
		if err != nil {
			var ex *sobek.Exception
			var se *serial.SerializeError
			switch {
			case errors.As(err, &ex):
				panic(ex)
			case errors.As(err, &se) && se.Reason == serial.NotCloneable:
				a.throwDOM("DataCloneError", what+": "+se.Type+" object could not be cloned.")
			case errors.As(err, &se) && se.Type == "depth":
				a.throwRange("Maximum call stack size exceeded")
			default:
				a.throwDOM("DataCloneError", what+": "+err.Error())
			}
		}
		return jsvalue.FromSerial(a.rt, v)
	})
}
