//! Emitting and formatting files are independent: spread them over the machine's cores.
//!
//! Tokens can't cross threads (proc-macro2's are `!Send`), so each worker makes the tokens
//! of the files it renders from the shared, read-only model. Output order doesn't depend on
//! which thread did what: results go back to their input positions.

use std::thread;

/// Maps `render` over `items` on every core, while `also` runs on one more thread; returns
/// the rendered items (in input order) followed by what `also` returned. The first error
/// wins; a panic in a worker is resumed on the caller's thread.
pub fn run<T, O, E>(
    items: &[T],
    render: impl Fn(&T) -> Result<O, E> + Sync,
    also: impl FnOnce() -> Result<Vec<O>, E> + Send,
) -> Result<Vec<O>, E>
where
    T: Sync,
    O: Send,
    E: Send,
{
    let workers = thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .clamp(1, items.len().max(1));
    let render = &render;
    let share = |worker: usize| -> Vec<(usize, Result<O, E>)> {
        items
            .iter()
            .enumerate()
            .filter(|(i, _)| i % workers == worker)
            .map(|(i, item)| (i, render(item)))
            .collect()
    };
    let (mut rendered, rest) = thread::scope(|scope| {
        let rest = scope.spawn(also);
        let others: Vec<_> = (1..workers)
            .map(|w| scope.spawn(move || share(w)))
            .collect();
        let mut rendered = share(0);
        for other in others {
            rendered.extend(
                other
                    .join()
                    .unwrap_or_else(|p| std::panic::resume_unwind(p)),
            );
        }
        let rest = rest.join().unwrap_or_else(|p| std::panic::resume_unwind(p));
        (rendered, rest)
    });
    rendered.sort_by_key(|(i, _)| *i);
    let mut out = rendered
        .into_iter()
        .map(|(_, result)| result)
        .collect::<Result<Vec<O>, E>>()?;
    out.extend(rest?);
    Ok(out)
}

/// Maps `f` over `items` on every core; results come back in input order.
pub fn map<T, O>(items: &[T], f: impl Fn(&T) -> O + Sync) -> Vec<O>
where
    T: Sync,
    O: Send,
{
    run(items, |item| Ok::<_, ()>(f(item)), || Ok(Vec::new())).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_keeps_input_order() {
        let items: Vec<u32> = (0..1000).collect();
        assert_eq!(map(&items, |i| i + 1), (1..1001).collect::<Vec<u32>>());
        assert!(map(&[] as &[u32], |i| *i).is_empty());
    }

    #[test]
    fn keeps_input_order_and_appends_the_rest() {
        let items: Vec<u32> = (0..100).collect();
        let out = run(&items, |i| Ok::<_, ()>(i * 2), || Ok(vec![1000])).expect("ok");
        let mut expected: Vec<u32> = (0..100).map(|i| i * 2).collect();
        expected.push(1000);
        assert_eq!(out, expected);
    }

    #[test]
    fn an_error_anywhere_is_the_result() {
        let items: Vec<u32> = (0..10).collect();
        let out = run(
            &items,
            |i| if *i == 7 { Err("seven") } else { Ok(*i) },
            || Ok(vec![]),
        );
        assert_eq!(out, Err("seven"));
        assert_eq!(run(&items, |i| Ok(*i), || Err("rest")), Err("rest"));
    }
}
