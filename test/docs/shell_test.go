package docs

import (
	"fmt"
	"regexp"
	"strings"
)

// simpleCommands splits shell text into simple commands, each the words
// a program is started with: quotes removed, line continuations joined,
// comments dropped, lists (&&, ||, ;, &), pipes and subshell parentheses
// split, redirections and their targets dropped, and leading variable
// assignments and the sudo, env and time prefixes removed. Each command
// comes with its 0-based line within text.
func simpleCommands(text string) ([]shellCommand, error) {
	toks, err := shellTokens(text)
	if err != nil {
		return nil, err
	}
	var out []shellCommand
	var cur shellCommand
	flush := func() {
		if argv := stripPrefixes(cur.argv); len(argv) > 0 {
			out = append(out, shellCommand{argv: argv, line: cur.line})
		}
		cur = shellCommand{}
	}
	for i := 0; i < len(toks); i++ {
		t := toks[i]
		if !t.op {
			if len(cur.argv) == 0 {
				cur.line = t.line
			}
			cur.argv = append(cur.argv, t.text)
			continue
		}
		switch t.text {
		case ">", ">>", "<", ">&", "&>", ">|":
			i++ // the redirection's target
		case "<<":
			return nil, fmt.Errorf("line %d: here-documents are not checked: write the file in its own code block", t.line+1)
		default: // \n ; & && || | ( )
			flush()
		}
	}
	flush()
	return out, nil
}

// shellCommand is one simple command.
type shellCommand struct {
	argv []string
	line int
}

// assignment is a shell variable assignment word (NAME=value).
var assignment = regexp.MustCompile(`^[A-Za-z_][A-Za-z0-9_]*=`)

// stripPrefixes removes what runs a command without being it: variable
// assignments and the sudo, env and time prefixes.
func stripPrefixes(argv []string) []string {
	for len(argv) > 0 {
		switch {
		case assignment.MatchString(argv[0]):
			argv = argv[1:]
		case argv[0] == "sudo" || argv[0] == "env" || argv[0] == "time":
			argv = argv[1:]
		default:
			return argv
		}
	}
	return argv
}

// shellToken is a word or an operator (op) of shell text.
type shellToken struct {
	text string
	op   bool
	line int
}

// shellTokens reads words (quotes and backslashes removed, variables left
// as written) and operators. A newline is an operator, as ; is.
func shellTokens(s string) ([]shellToken, error) {
	var toks []shellToken
	var cur strings.Builder
	inWord := false
	line := 0
	word := func() {
		if inWord {
			toks = append(toks, shellToken{text: cur.String(), line: line})
		}
		cur.Reset()
		inWord = false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c == '\'':
			j := strings.IndexByte(s[i+1:], '\'')
			if j < 0 {
				return nil, fmt.Errorf("line %d: unclosed '", line+1)
			}
			cur.WriteString(s[i+1 : i+1+j])
			line += strings.Count(s[i+1:i+1+j], "\n")
			inWord = true
			i += j + 1
		case c == '"':
			j := i + 1
			for ; j < len(s) && s[j] != '"'; j++ {
				if s[j] == '\\' && j+1 < len(s) && strings.IndexByte("\\\"$`\n", s[j+1]) >= 0 {
					j++
					if s[j] == '\n' {
						line++
						continue
					}
				} else if s[j] == '\n' {
					line++
				}
				cur.WriteByte(s[j])
			}
			if j >= len(s) {
				return nil, fmt.Errorf("line %d: unclosed \"", line+1)
			}
			inWord = true
			i = j
		case c == '\\':
			if i+1 < len(s) && s[i+1] == '\n' { // a line continuation
				i++
				line++
				continue
			}
			if i+1 < len(s) {
				cur.WriteByte(s[i+1])
				i++
			}
			inWord = true
		case c == '#' && !inWord:
			for i+1 < len(s) && s[i+1] != '\n' {
				i++
			}
		case c == ' ' || c == '\t':
			word()
		case c == '\n':
			word()
			toks = append(toks, shellToken{text: "\n", op: true, line: line})
			line++
		case strings.IndexByte(";&|()<>", c) >= 0:
			if (c == '>' || c == '<') && inWord && isDigits(cur.String()) {
				cur.Reset() // 2>file: the descriptor is part of the redirection
				inWord = false
			}
			word()
			op := string(c)
			if i+1 < len(s) {
				switch two := s[i : i+2]; two {
				case "&&", "||", ">>", "<<", ">&", "&>", ">|":
					op = two
				}
			}
			toks = append(toks, shellToken{text: op, op: true, line: line})
			i += len(op) - 1
		case c == '$' && i+1 < len(s) && s[i+1] == '(':
			return nil, fmt.Errorf("line %d: command substitution is not checked: write the command on its own", line+1)
		default:
			cur.WriteByte(c)
			inWord = true
		}
	}
	word()
	return toks, nil
}

func isDigits(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}
