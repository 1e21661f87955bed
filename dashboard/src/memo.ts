import { type Component, type ComponentChildren, type FunctionComponent, h, type VNode } from 'preact';

function sameProps(a: object, b: object): boolean {
  const aKeys = Object.keys(a);
  if (aKeys.length !== Object.keys(b).length) return false;
  for (const key of aKeys) {
    if ((a as Record<string, unknown>)[key] !== (b as Record<string, unknown>)[key]) return false;
  }
  return true;
}

/**
 * `render`, re-run only when a prop changes (compared with `===`) or a context it reads changes:
 * what `preact/compat`'s `memo` does, without importing compat (whose side effects re-map events
 * such as `onChange` for React code). For the parts of a long list that most renders leave alone.
 */
export function memoized<P extends object>(render: FunctionComponent<P>): FunctionComponent<P> {
  function shouldUpdate(this: Component<P>, next: P): boolean {
    return !sameProps(this.props, next);
  }
  function Memoized(this: Component<P>, props: P & { children?: ComponentChildren }): VNode<P> {
    this.shouldComponentUpdate = shouldUpdate;
    return h(render, props);
  }
  Memoized.displayName = `Memoized(${render.displayName ?? render.name})`;
  return Memoized as FunctionComponent<P>;
}
