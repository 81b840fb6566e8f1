package localinvoke

import (
	"context"
	"errors"
	"slices"
	"sync"
)

// pool is a fixed set of emulators running one function, handed out as
// Lambda hands out execution environments: an idle warm one first (the
// most recently used), else one never used (a cold start, as Lambda scales
// out), else the caller waits for the first to free up, in arrival order.
// RunLoad and Serve share it.
type pool struct {
	instances []*Instance
	mu        sync.Mutex
	warm      []int // idle, used before; last is the most recent
	fresh     []int // never used; last goes first
	waiters   []chan int
}

// startPool starts n emulators for c, in parallel.
func startPool(ctx context.Context, c *code, n int) (*pool, error) {
	p := &pool{instances: make([]*Instance, n)}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range p.instances {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.instances[i], errs[i] = c.start(ctx, 0)
		}()
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		p.close()
		return nil, err
	}
	for i := n - 1; i >= 0; i-- {
		p.fresh = append(p.fresh, i) // instance 0 first
	}
	return p, nil
}

// acquire returns the index of an instance for one invocation, waiting
// until one is free or ctx ends. release gives it back.
func (p *pool) acquire(ctx context.Context) (int, error) {
	p.mu.Lock()
	switch {
	case len(p.warm) > 0:
		i := p.warm[len(p.warm)-1]
		p.warm = p.warm[:len(p.warm)-1]
		p.mu.Unlock()
		return i, nil
	case len(p.fresh) > 0:
		i := p.fresh[len(p.fresh)-1]
		p.fresh = p.fresh[:len(p.fresh)-1]
		p.mu.Unlock()
		return i, nil
	}
	ch := make(chan int, 1)
	p.waiters = append(p.waiters, ch)
	p.mu.Unlock()
	select {
	case i := <-ch:
		return i, nil
	case <-ctx.Done():
		p.mu.Lock()
		if k := slices.Index(p.waiters, ch); k >= 0 {
			p.waiters = slices.Delete(p.waiters, k, k+1)
			p.mu.Unlock()
			return 0, ctx.Err()
		}
		p.mu.Unlock()
		p.release(<-ch) // handed over as ctx ended: pass it on
		return 0, ctx.Err()
	}
}

// release hands instance i to the longest waiting caller, or keeps it warm.
func (p *pool) release(i int) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if len(p.waiters) > 0 {
		ch := p.waiters[0]
		p.waiters = p.waiters[1:]
		ch <- i
		return
	}
	p.warm = append(p.warm, i)
}

// used is how many instances have served at least one invocation.
func (p *pool) used() int {
	p.mu.Lock()
	defer p.mu.Unlock()
	return len(p.instances) - len(p.fresh)
}

// close stops every instance, in parallel.
func (p *pool) close() {
	var wg sync.WaitGroup
	for _, in := range p.instances {
		if in != nil {
			wg.Add(1)
			go func() { defer wg.Done(); in.Close() }()
		}
	}
	wg.Wait()
}
