package localinvoke

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"sync/atomic"
)

// pool is a fixed set of emulators running one function, handed out as
// Lambda hands out execution environments: an idle warm one first (the
// most recently used), else one never used (a cold start, as Lambda scales
// out), else the caller waits for the first to free up, in arrival order.
// An instance is checked before it is handed out: one whose emulator died
// or whose last invocation was abandoned is replaced by a new one (a cold
// start), as Lambda replaces an environment that failed. RunLoad and Serve
// share it.
//
// What it hands out are slots: an emulator has one, a Managed Instances
// environment LocalConcurrency (slot s is instance s/per). Fresh slots go
// out in order, so one environment fills before the next is used.
type pool struct {
	code      *code
	per       int // slots per instance
	mu        sync.Mutex
	instances []*Instance
	restartMu []sync.Mutex // one per instance: one restart at a time
	warm      []int        // idle slots, used before; last is the most recent
	fresh     []int        // slots never used; last goes first
	waiters   []chan int
	closed    bool
	restarts  atomic.Int64
}

// startPool starts n emulators (or Managed Instances environments) for c,
// in parallel.
func startPool(ctx context.Context, c *code, n int) (*pool, error) {
	per := 1
	if mi := c.fn.ManagedInstances; mi != nil {
		per = mi.LocalConcurrency
	}
	p := &pool{code: c, per: per, instances: make([]*Instance, n), restartMu: make([]sync.Mutex, n)}
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
	for s := n*per - 1; s >= 0; s-- {
		p.fresh = append(p.fresh, s) // slot 0 first
	}
	return p, nil
}

// instanceOf is the index of the instance that holds slot s.
func (p *pool) instanceOf(s int) int { return s / p.per }

// acquire returns an instance, and the slot to release, for one
// invocation, waiting until a slot is free or ctx ends. The instance is
// healthy: a broken one is restarted first, and when that fails the slot
// is released and the error returned with it.
func (p *pool) acquire(ctx context.Context) (int, *Instance, error) {
	i, err := p.slot(ctx)
	if err != nil {
		return 0, nil, err
	}
	in, err := p.ready(ctx, i)
	if err != nil {
		p.release(i)
		return i, nil, err
	}
	return i, in, nil
}

// slot takes a free slot, waiting for one.
func (p *pool) slot(ctx context.Context) (int, error) {
	p.mu.Lock()
	switch {
	case p.closed:
		p.mu.Unlock()
		return 0, errors.New("localinvoke: the pool is closed")
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

// ready returns the instance of slot s, replaced by a new one when it is
// not healthy. The restart does not end with ctx (a caller that hangs up
// must not leave a half-started emulator): the emulator's start is bounded
// by itself. The other slots of the instance wait for the one restart.
func (p *pool) ready(ctx context.Context, s int) (*Instance, error) {
	i := p.instanceOf(s)
	p.restartMu[i].Lock()
	defer p.restartMu[i].Unlock()
	p.mu.Lock()
	in := p.instances[i]
	p.mu.Unlock()
	why := in.healthy()
	if why == nil {
		return in, nil
	}
	in.Close()
	fresh, err := p.code.start(context.WithoutCancel(ctx), 0)
	if err != nil {
		return nil, fmt.Errorf("instance %d was replaced (%v) and the new one failed: %w", i, why, err)
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		fresh.Close()
		return nil, errors.New("localinvoke: the pool is closed")
	}
	p.instances[i] = fresh
	p.restarts.Add(1)
	return fresh, nil
}

// release hands slot i to the longest waiting caller, or keeps it warm.
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
	fresh := make([]int, len(p.instances))
	for _, s := range p.fresh {
		fresh[p.instanceOf(s)]++
	}
	n := 0
	for _, f := range fresh {
		if f < p.per {
			n++
		}
	}
	return n
}

// all returns the instances now in the pool.
func (p *pool) all() []*Instance {
	p.mu.Lock()
	defer p.mu.Unlock()
	return slices.Clone(p.instances)
}

// close stops every instance, in parallel; instances restarted later are
// stopped as they start.
func (p *pool) close() {
	p.mu.Lock()
	p.closed = true
	instances := slices.Clone(p.instances)
	p.mu.Unlock()
	var wg sync.WaitGroup
	for _, in := range instances {
		if in != nil {
			wg.Add(1)
			go func() { defer wg.Done(); in.Close() }()
		}
	}
	wg.Wait()
}
