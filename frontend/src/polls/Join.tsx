// Join asks for a workshop's join code (shown on the big screen), checks it
// over HTTP so a mistyped code is answered at once, and goes to the workshop's
// participant page. No account is needed.
import { useState } from 'preact/hooks';
import { useLocation } from 'preact-iso';
import { ApiError } from '../api';
import { ErrorSummary } from '../components/ErrorSummary';
import { TextField } from '../components/fields';
import { useFormErrors } from '../components/formErrors';
import { Page } from '../components/Page';
import { lookupJoinCode } from './api';

export default function Join() {
  const [code, setCode] = useState('');
  const [checking, setChecking] = useState(false);
  const form = useFormErrors();
  const { route } = useLocation();

  async function submit(e: Event) {
    e.preventDefault();
    const clean = code.toUpperCase().replace(/[\s-]/g, '');
    if (!/^[A-Z0-9]{4,12}$/.test(clean)) {
      form.setErrors([{ field: 'code', message: 'Enter the join code shown on the screen, for example K7MQ2P' }]);
      return;
    }
    setChecking(true);
    try {
      await lookupJoinCode(clean);
      route(`/join/${clean}`);
    } catch (err) {
      const message = err instanceof ApiError && err.status === 404 ? `No workshop with code ${clean}` : undefined;
      if (message) form.setErrors([{ field: 'code', message }]);
      else form.fail(err);
      setChecking(false);
    }
  }

  return (
    <Page title="Join a workshop">
      <ErrorSummary errors={form.errors} />
      <form onSubmit={submit} noValidate>
        <TextField id="code" label="Join code" hint="The 6 letters and numbers on the presenter's screen" widthClass="nhsuk-input--width-10" value={code} onValue={setCode} autoComplete="off" spellcheck={false} error={form.fieldError('code')} />
        <button class="nhsuk-button" type="submit" disabled={checking}>
          Join
        </button>
      </form>
    </Page>
  );
}
