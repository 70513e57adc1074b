import { Link } from "wouter";

export function NotFoundPage() {
  return (
    <section className="page">
      <h1>Page not found</h1>
      <p>
        <Link href="/">Back to the processes</Link>
      </p>
    </section>
  );
}
