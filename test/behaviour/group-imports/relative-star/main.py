# expect: left alone. `.compat`'s star rebinds Thing; sorted, `.base` would come first and compat's Thing would win.
import pkg.app
