// DPOContact says how to reach the data protection officer, from the settings;
// when none are set it says who to ask rather than leave a blank.
import type { Notices } from './api';

export function DPOContact({ n }: { n: Notices }) {
  if (!n.dpo_email && !n.dpo_address) {
    return <p>Ask the programme team for our data protection officer's contact details.</p>;
  }
  return (
    <>
      <p>You can contact our data protection officer:</p>
      <ul>
        {n.dpo_email && (
          <li>
            by email at <a href={`mailto:${n.dpo_email}`}>{n.dpo_email}</a>
          </li>
        )}
        {n.dpo_address && <li>by post at {n.dpo_address}</li>}
      </ul>
    </>
  );
}
