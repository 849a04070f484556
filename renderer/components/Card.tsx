import { useId, type ReactNode } from 'react';

/** A titled card (Settings): a region named by its heading. */
export function Card({ title, children }: { title: string; children: ReactNode }) {
  const id = useId();
  return (
    <section className="card" aria-labelledby={id}>
      <div className="card-body">
        <h2 id={id}>{title}</h2>
        {children}
      </div>
    </section>
  );
}
