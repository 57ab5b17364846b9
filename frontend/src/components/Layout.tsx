// Layout is the frame of every page: skip link, header, main and footer.
import type { ComponentChildren } from 'preact';
import { useLocation } from 'preact-iso';
import { Header } from './Header';

// bareRoutes fill the screen on their own, with no header, menu or footer:
// the presenter view on a projector.
const bareRoutes = [/^\/workshops\/[^/]+\/present\/?$/];

function Footer() {
  return (
    <footer class="nhsuk-footer" role="contentinfo">
      <div class="nhsuk-width-container">
        <div class="nhsuk-footer__meta">
          <h2 class="nhsuk-u-visually-hidden">Support links</h2>
          <ul class="nhsuk-footer__list">
            <li class="nhsuk-footer__list-item">
              <a class="nhsuk-footer__list-item-link" href="/privacy">
                Privacy notice
              </a>
            </li>
            <li class="nhsuk-footer__list-item">
              <a class="nhsuk-footer__list-item-link" href="/accessibility">
                Accessibility statement
              </a>
            </li>
          </ul>
          <p class="nhsuk-body-s">Confer: stakeholder engagement for integrated care systems</p>
        </div>
      </div>
    </footer>
  );
}

export function Layout({ children }: { children: ComponentChildren }) {
  const { path } = useLocation();
  if (bareRoutes.some((r) => r.test(path))) {
    return (
      <main class="app-bare" id="maincontent" tabIndex={-1}>
        {children}
      </main>
    );
  }
  return (
    <>
      <a class="nhsuk-skip-link" href="#maincontent">
        Skip to main content
      </a>
      <Header />
      <div class="nhsuk-width-container">
        <main class="nhsuk-main-wrapper" id="maincontent" tabIndex={-1}>
          {children}
        </main>
      </div>
      <Footer />
    </>
  );
}
