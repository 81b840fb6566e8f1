// Package notmain is a library, which Entry must refuse.
package notmain
