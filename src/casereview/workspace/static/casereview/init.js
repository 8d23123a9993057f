// GOV.UK Frontend enhances components (error summary focus, character counts) when JavaScript runs;
// every page works without it.
import { initAll } from '../vendor/govuk/govuk-frontend.min.js'

initAll()

// "Copy into the evidence" works without JavaScript as a submit that returns the form with the text added;
// with it, the text is added in place and nothing is sent.
for (const button of document.querySelectorAll('[data-copy-evidence]')) {
  button.addEventListener('click', (event) => {
    const source = document.getElementById(button.dataset.copyEvidence)
    const target = document.getElementById(button.dataset.copyInto)
    if (!source || !target) return
    event.preventDefault()
    const text = source.textContent.trim()
    target.value = target.value.trim() ? `${target.value.trim()}\n\n${text}` : text
    target.focus()
  })
}

// On a narrow screen a table's rows stack (see casereview.scss): each cell is labelled with its column's name.
for (const table of document.querySelectorAll('table.govuk-table')) {
  const names = [...table.querySelectorAll('thead th')].map((th) => th.textContent.trim())
  for (const row of table.querySelectorAll('tbody tr')) {
    ;[...row.children].forEach((cell, index) => {
      if (names[index] && !cell.hasAttribute('data-label')) cell.setAttribute('data-label', names[index])
    })
  }
}

// A board report being made: without JavaScript the reader presses "Check again"; with it, the page asks every few
// seconds until the report is made and puts the news in place, with no reload to move a screen reader to the top.
// The checking can be stopped (WCAG 2.2.2); the status is a polite live region, read out when it changes.
const jobStatus = document.getElementById('report-job-status')
const jobNext = document.getElementById('report-job-next')
if (jobStatus && jobNext && jobStatus.dataset.reportJob === 'unfinished') {
  let timer = null
  const stop = document.createElement('button')
  stop.type = 'button'
  stop.className = 'govuk-button govuk-button--secondary'
  stop.textContent = 'Stop checking automatically'
  const schedule = () => {
    timer = window.setTimeout(check, 3000)
  }
  async function check () {
    try {
      const answer = await fetch(window.location.href, { credentials: 'same-origin' })
      const page = new DOMParser().parseFromString(await answer.text(), 'text/html')
      const status = page.getElementById('report-job-status')
      const next = page.getElementById('report-job-next')
      if (!answer.ok || !status || !next) return schedule()
      if (status.innerHTML !== jobStatus.innerHTML) jobStatus.innerHTML = status.innerHTML
      if (next.innerHTML !== jobNext.innerHTML) jobNext.innerHTML = next.innerHTML
      if (status.dataset.reportJob === 'finished') {
        jobStatus.dataset.reportJob = 'finished'
        stop.remove()
      } else if (timer !== null) {
        schedule()
      }
    } catch {
      if (timer !== null) schedule()
    }
  }
  stop.addEventListener('click', () => {
    window.clearTimeout(timer)
    timer = null
    stop.remove()
  })
  jobNext.after(stop)
  schedule()
}
